// Styles of files in the widget: the attach button, the drop target, images and download links.
export const FILE_CSS = `
.attach{flex:none;width:32px;height:36px;border-radius:8px;color:#6b7080;display:grid;place-items:center}
.attach svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}
.attach:hover{background:#f1f3f8;color:#1f2330}
.composer.drop{outline:2px dashed #3b5bdb;outline-offset:-4px}
.att{display:flex;flex-direction:column;gap:4px;align-items:flex-start}
.msg-customer .att{align-items:flex-end}
.att .file{display:inline-flex;align-items:center;gap:6px;padding:6px 10px;border-radius:10px;background:#fff;border:1px solid #eceef3;color:#3b5bdb;text-decoration:none;font-size:13px;word-break:break-all}
.att .file svg{flex:none;width:16px;height:16px;fill:none;stroke:currentColor;stroke-width:1.8;stroke-linejoin:round}
.att a.file:has(img){padding:0;border:0;background:transparent}
.att .file img{display:block;min-width:48px;max-width:200px;max-height:160px;border-radius:10px;border:1px solid #eceef3;image-rendering:auto}
`;
