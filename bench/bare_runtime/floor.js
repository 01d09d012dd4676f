// The floor's figure: draw a canvas as soon as the module runs, then note the frame it appears in
// (as bench/page_timings.py's OBSERVE does for the book's first figure: one requestAnimationFrame after the draw).
const canvas = document.getElementById("floor-canvas");
const ctx = canvas.getContext("2d");
ctx.fillStyle = "#f8f7f3";
ctx.fillRect(0, 0, canvas.width, canvas.height);
ctx.strokeStyle = "#2a5db0";
ctx.lineWidth = 2;
ctx.beginPath();
ctx.moveTo(0, canvas.height);
ctx.lineTo(canvas.width, 0);
ctx.stroke();
requestAnimationFrame(() => { window.__floorFrameAt = performance.now(); });
