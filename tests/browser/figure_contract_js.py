"""JavaScript the figure contract (test_figure_contract.py) runs in the page, one function per check.

Each takes the figure's CSS selector and returns plain data for Python to assert on.
"""

# Every rendered control that carries an option: its kind and the attributes the reader meets.
CONTROLS = """(sel) => [...document.querySelector(sel).querySelectorAll('input[data-option], select[data-option]')].map((el) => ({
    option: el.dataset.option, tag: el.tagName.toLowerCase(), type: el.type || '',
    min: el.getAttribute('min'), max: el.getAttribute('max'), step: el.getAttribute('step'),
    value: el.value, checked: el.checked, disabled: el.disabled, visible: el.offsetParent !== null,
    choices: el.tagName === 'SELECT' ? [...el.options].map((o) => [o.value, o.textContent]) : null,
    label: (el.labels && el.labels[0] ? el.labels[0].textContent : ''),
}))"""

# Text drawn on a figure's canvases (draw.js notes each fillText): overlaps and labels cut off.
LABEL_PROBLEMS = """(sel) => {
    const out = [];
    document.querySelector(sel).querySelectorAll('canvas').forEach((c, ci) => {
        if (c.offsetParent === null) return;
        const labels = (c.drawnLabels || []).filter((l) => l.text.trim());
        const w = c.clientWidth, h = c.clientHeight;
        labels.forEach((a, i) => {
            if (a.left < -0.5 || a.top < -0.5 || a.right > w + 0.5 || a.bottom > h + 0.5) out.push(`canvas ${ci}: '${a.text}' cut off at the edge`);
            for (const b of labels.slice(i + 1)) {
                if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`canvas ${ci}: '${a.text}' overlaps '${b.text}'`);
            }
        });
    });
    return out;
}"""

# Selects whose chosen text does not fit in the box (the reader would see "Random sep…").
TRUNCATED_SELECTS = """(sel) => {
    const c = document.createElement('canvas').getContext('2d');
    return [...document.querySelector(sel).querySelectorAll('select')].filter((s) => s.offsetParent !== null).flatMap((s) => {
        const style = getComputedStyle(s);
        c.font = style.font;
        const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20; // the arrow
        return [...s.options].filter((o) => c.measureText(o.textContent).width > room).map((o) => `${s.id}: '${o.textContent}'`);
    });
}"""

# What a screen reader and print get: the hidden description and the figure body's label.
DESCRIPTION = """(sel) => {
    const f = document.querySelector(sel);
    return { text: f.querySelector('.widget-alt, .widget-description').textContent, label: f.querySelector('.widget-body').getAttribute('aria-label') };
}"""

# How many distinct colours a sample of the first canvas's pixels holds (a blank canvas has one);
# a figure that draws no canvas counts as painted when its body shows text.
PAINTED = """(sel) => {
    const c = document.querySelector(sel).querySelector('canvas');
    if (!c) return document.querySelector(sel).querySelector('.widget-body').textContent.trim() ? Infinity : 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 997 * 4) colours.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
    return colours.size;
}"""

# Push an input past its declared range the way a script or a stale form could, and fire its event.
PUSH_OUT_OF_RANGE = """([sel, option]) => {
    const input = document.querySelector(sel).querySelector(`input[data-option="${option}"]`);
    const max = Number(input.max);
    input.max = String(Math.abs(max) * 10 + 100);
    input.value = String(Math.abs(max) * 10 + 50);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.max = String(max);
    return Number(input.getAttribute('max'));
}"""

SET_VALUE = """([sel, option, value]) => {
    const input = document.querySelector(sel).querySelector(`input[data-option="${option}"], select[data-option="${option}"]`);
    input.value = String(value);
    input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
}"""
