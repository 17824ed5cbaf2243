// The in-memory index is rebuilt from the database at every start. Built in the background, so the
// server is healthy and chatting at once (a large knowledge base took seconds, issue 19 Must 6);
// every search and index write meanwhile waits for the build, so it answers from the whole index
// and no write lands before a page the build read earlier.
import type { SearchHit, SearchIndex, SearchDoc, SearchQuery } from './port.js';

export class BuildingIndex implements SearchIndex {
  private built: Promise<void> = Promise.resolve();
  private builds = 0;

  constructor(private inner: SearchIndex) {}

  get persistent(): boolean {
    return this.inner.persistent;
  }

  /** True while a rebuild runs. */
  get building(): boolean {
    return this.builds > 0;
  }

  /** Runs `run` on the index itself once earlier work is done; every call meanwhile waits for it. */
  build<T>(run: (inner: SearchIndex) => Promise<T>): Promise<T> {
    this.builds++;
    const result = this.built.then(() => run(this.inner)).finally(() => this.builds--);
    this.built = result.then(() => undefined, () => undefined);
    return result;
  }

  async init(): Promise<void> {
    await this.built;
    return this.inner.init();
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    await this.built;
    return this.inner.upsert(docs);
  }

  async remove(ids: string[]): Promise<void> {
    await this.built;
    return this.inner.remove(ids);
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    await this.built;
    return this.inner.search(query);
  }

  async clear(): Promise<void> {
    await this.built;
    return this.inner.clear();
  }
}
