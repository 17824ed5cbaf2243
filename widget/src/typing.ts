// Typing signals both ways: throttled "visitor is typing" out, self-expiring "agent is typing" in.

type Timer = ReturnType<typeof setTimeout>;

/** Emits typing=true at most every `throttleMs` while keys are pressed, typing=false after `idleMs` quiet. */
export class TypingSender {
  private active = false;
  private sentAt = 0;
  private idle: Timer | undefined;

  constructor(
    private emit: (typing: boolean) => void,
    private now: () => number = Date.now,
    private throttleMs = 2000,
    private idleMs = 3000,
  ) {}

  input(): void {
    const t = this.now();
    if (!this.active || t - this.sentAt >= this.throttleMs) {
      this.active = true;
      this.sentAt = t;
      this.emit(true);
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), this.idleMs);
  }

  /** On send, idle, or an emptied composer. */
  stop(): void {
    clearTimeout(this.idle);
    if (!this.active) return;
    this.active = false;
    this.emit(false);
  }
}

/** Tracks who is typing to us; a lost typing=false must not leave the indicator up forever. */
export class TypingIndicator {
  private timer: Timer | undefined;

  constructor(private render: (typing: boolean, name: string | null) => void, private expireMs = 5000) {}

  update(typing: boolean, name: string | null): void {
    clearTimeout(this.timer);
    this.render(typing, name);
    if (typing) this.timer = setTimeout(() => this.render(false, null), this.expireMs);
  }

  clear(): void {
    this.update(false, null);
  }
}
