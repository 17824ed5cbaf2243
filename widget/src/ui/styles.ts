// All widget CSS. It lives inside the shadow root, so host-page rules cannot reach in and ours cannot leak out.
import { FILE_CSS } from './file-styles.js';

const ACCENT = '#4f46e5';

export const CSS = `
:host{all:initial!important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.sb{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2330;-webkit-font-smoothing:antialiased;text-align:left}
button,input,textarea{font:inherit;color:inherit;margin:0;letter-spacing:normal;text-transform:none}
button{cursor:pointer;border:0;background:none;padding:0}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;display:block}
:focus-visible{outline:2px solid ${ACCENT};outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;background:${ACCENT};color:#fff;display:grid;place-items:center;box-shadow:0 6px 20px rgba(31,35,48,.25);transition:transform .15s ease}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:26px;height:26px;grid-area:1/1;transition:opacity .15s,transform .2s}
.launcher .i-close{opacity:0;transform:rotate(-45deg)}
.open .launcher .i-chat{opacity:0;transform:rotate(45deg)}
.open .launcher .i-close{opacity:1;transform:none}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#e5484d;color:#fff;font-size:11px;font-weight:600;line-height:20px;text-align:center;border:2px solid #fff}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:370px;height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:16px;overflow:hidden;box-shadow:0 12px 48px rgba(31,35,48,.22);opacity:0;visibility:hidden;transform:translateY(12px) scale(.98);transform-origin:bottom right;transition:opacity .18s ease,transform .18s ease,visibility 0s linear .18s}
.open .panel{opacity:1;visibility:visible;transform:none;transition-delay:0s}
header{display:flex;align-items:center;gap:12px;padding:14px 12px 14px 16px;background:linear-gradient(135deg,${ACCENT},#7c3aed);color:#fff}
.avatar{flex:none;width:38px;height:38px;border-radius:50%;background:rgba(255,255,255,.2);display:grid;place-items:center;font-weight:600;font-size:16px}
.titles{flex:1;min-width:0}
.title{font-weight:600;font-size:15px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{display:flex;align-items:center;gap:6px;font-size:12px;opacity:.92;white-space:nowrap;overflow:hidden}
.sub .agent:not(:empty)::after{content:"·";margin-left:6px}
.dot{width:8px;height:8px;border-radius:50%;background:#a3a3b5;flex:none}
.is-online .dot{background:#4ade80}
.close{color:#fff;width:34px;height:34px;border-radius:50%;display:grid;place-items:center}
.close:hover{background:rgba(255,255,255,.15)}
.conn{font-size:12px;text-align:center;padding:4px 8px;background:#eef0f6;color:#5b6070}
.log{flex:1;overflow-y:auto;padding:16px 14px 8px;background:#f7f8fb;display:flex;flex-direction:column;gap:2px;overscroll-behavior:contain}
.greeting{align-self:flex-start;max-width:85%;margin-bottom:10px;padding:10px 12px;border-radius:14px;background:#fff;border:1px solid #e6e8ef;color:#3a3f4f}
.msg{display:flex;flex-direction:column;max-width:82%;align-self:flex-start;align-items:flex-start}
.msg.first{margin-top:8px}
.msg-customer{align-self:flex-end;align-items:flex-end}
.name{font-size:12px;color:#6b7080;margin:0 4px 2px}
.bubble{padding:8px 12px;border-radius:16px;background:#fff;border:1px solid #e6e8ef;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.msg-customer .bubble{background:${ACCENT};border-color:${ACCENT};color:#fff}
.bubble p,.bubble ul,.bubble ol,.bubble pre{margin:0}.bubble>*+*{margin-top:6px}.bubble ul,.bubble ol{padding-left:18px}.bubble code{font-family:ui-monospace,Menlo,monospace;font-size:.92em;background:rgba(127,127,127,.15);border-radius:4px;padding:0 3px}.bubble pre{white-space:pre-wrap}.bubble a{color:inherit;text-decoration:underline}
.msg-customer[data-status=sending] .bubble{opacity:.65}
.msg-customer[data-status=failed] .bubble{background:#fff;color:#1f2330;border-color:#e5484d}
.msg-system{align-self:center;align-items:center;max-width:90%}
.msg-system .bubble{background:none;border:0;color:#6b7080;font-size:12px;text-align:center;padding:4px}
.att{font-size:12px;color:#6b7080;margin:2px 4px 0}
.meta{font-size:11px;color:#8a8fa0;margin:3px 4px 4px}
.meta.error{color:#c62828}
.retry{color:${ACCENT};font-weight:600;margin-left:6px;text-decoration:underline}
.queue{padding:6px 16px;font-size:12px;color:#5b6070;background:#eef0f6;text-align:center}
.csat{align-self:stretch;margin:12px 4px 4px;padding:12px;border-radius:12px;background:#fff;border:1px solid #e6e8ef}
.csat-title{margin:0 0 8px;font-weight:600}
.csat-scores{display:flex;gap:6px;margin-bottom:8px}
.csat-score{flex:1;height:36px;border-radius:8px;border:1px solid #dfe2ea;font-weight:600}
.csat-score:hover{border-color:${ACCENT}}
.csat-score[aria-pressed=true]{background:${ACCENT};border-color:${ACCENT};color:#fff}
.csat-comment{display:block;width:100%;resize:vertical;padding:6px 8px;margin-bottom:8px;border:1px solid #dfe2ea;border-radius:8px;outline:none}
.csat-comment:focus{border-color:${ACCENT}}
.csat-submit{padding:7px 14px;border-radius:8px;background:${ACCENT};color:#fff;font-weight:600}
.csat button:disabled{opacity:.5;cursor:default}
.csat .status{margin:0;font-size:13px}
.csat .status.error{margin-top:6px;color:#c62828}
.typing{display:flex;align-items:center;gap:8px;padding:4px 16px 6px;font-size:12px;color:#6b7080;background:#f7f8fb}
.dots{display:flex;gap:3px}
.dots i{width:5px;height:5px;border-radius:50%;background:#9aa0b2;animation:sb-b 1.2s infinite ease-in-out}
.dots i:nth-child(2){animation-delay:.15s}
.dots i:nth-child(3){animation-delay:.3s}
@keyframes sb-b{0%,60%,100%{transform:none;opacity:.5}30%{transform:translateY(-3px);opacity:1}}
.offline{margin:8px 12px 0;padding:10px 12px;border-radius:12px;background:#fff8e8;border:1px solid #f3dca6;font-size:13px;color:#5c4813}
.offline p{margin:0 0 8px}
.offline form{display:flex;gap:6px}
.offline input{flex:1;min-width:0;padding:7px 10px;border:1px solid #dcc68e;border-radius:8px;background:#fff;color:#1f2330;outline:none}
.offline input:focus{border-color:${ACCENT}}
.offline button{padding:7px 12px;border-radius:8px;background:${ACCENT};color:#fff;font-weight:600;white-space:nowrap}
.offline button:disabled{opacity:.6;cursor:default}
.offline .status{margin:6px 0 0;font-size:12px}
.offline .status.error{color:#c62828}
.composer{position:relative;display:flex;align-items:flex-end;gap:8px;padding:10px 12px;border-top:1px solid #eceef3;background:#fff}
.composer textarea{flex:1;resize:none;border:0;outline:none;background:transparent;padding:8px 4px;max-height:120px;min-height:36px;line-height:20px;color:#1f2330}
.composer textarea::placeholder{color:#9aa0b2}
.send{flex:none;width:36px;height:36px;border-radius:50%;background:${ACCENT};color:#fff;display:grid;place-items:center;transition:opacity .15s}
.send svg{width:18px;height:18px}
.send:disabled{opacity:.35;cursor:default}
.counter{position:absolute;right:60px;top:-20px;font-size:11px;color:#8a8fa0;background:rgba(255,255,255,.9);padding:0 6px;border-radius:6px}
.counter.warn{color:#c62828}
.kb{flex:none;background:#f7f8fb;border-bottom:1px solid #eceef3}
.kb-find{padding:10px 12px 4px}
.kb-find input{width:100%;padding:8px 12px;border:1px solid #dfe2ea;border-radius:10px;background:#fff;outline:none}
.kb-find input:focus{border-color:${ACCENT}}
.kb-results{list-style:none;margin:6px 0 0;padding:0;max-height:190px;overflow-y:auto}
.kb-hit{display:block;width:100%;text-align:left;padding:7px 10px;margin-bottom:4px;border-radius:8px;background:#fff;border:1px solid #e6e8ef}
.kb-hit:hover{border-color:${ACCENT}}
.kb-hit strong{display:block;font-size:13px;color:${ACCENT}}
.kb-hit span{display:block;font-size:12px;color:#5b6070;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.kb-note{margin:4px 2px 6px;font-size:12px;color:#6b7080}
.kb.reading{flex:1;min-height:0;overflow-y:auto;background:#fff}
.kb.reading~.log,.kb.reading~.queue,.kb.reading~.typing{display:none!important}
.kb-article{padding:12px 16px 16px;overflow-wrap:anywhere}
.kb-article h2{font-size:17px;margin:8px 0}
.kb-body{font-size:13.5px;color:#2b3040}
.kb-body img{max-width:100%}
.kb-body pre{white-space:pre-wrap;background:#f3f4f8;padding:8px;border-radius:6px}
.kb-body a{color:${ACCENT}}
.kb-link{color:${ACCENT};font-size:12.5px}
.kb-vote{display:flex;align-items:center;gap:8px;flex-wrap:wrap;margin:14px 0 10px;padding-top:10px;border-top:1px solid #eceef3;font-size:13px}
.kb-vote button{padding:4px 12px;border-radius:14px;border:1px solid #dfe2ea}
.kb-vote button:hover{border-color:${ACCENT}}
.kb-vote button:disabled{opacity:.5}
.kb-chat{width:100%;padding:9px 12px;border-radius:10px;background:${ACCENT};color:#fff;font-weight:600}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100%;border-radius:0}.open .launcher{display:none}}
@media (prefers-reduced-motion:reduce){.panel,.launcher,.launcher svg{transition:none}.dots i{animation:none}}
`;

/** Constructable sheets are exempt from the host page's CSP style-src; <style> is the fallback. */
export function applyStyles(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS + FILE_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS + FILE_CSS;
    root.append(style);
  }
}
