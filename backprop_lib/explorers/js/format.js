/* format.js: numbers written exactly as Python writes them (f"{v:.2f}", f"{v:.3e}", f"{v:g}")
   and the marked numbers' formats of backprop_lib.draw.svg. Uses nothing else. */

// Python's f"{v:.{d}f}": the exact binary value, rounded half to even.
function pyFixed(v, d) {
  if (v !== v) return 'nan';
  if (!isFinite(v)) return v > 0 ? 'inf' : '-inf';
  var neg = v < 0 || (v === 0 && 1 / v < 0);
  var a = Math.abs(v);
  var s = a.toFixed(d);                       // exact, but ties go up
  var exact = a.toFixed(100);                 // the exact decimal expansion (enough digits here)
  var dot = exact.indexOf('.');
  var tail = exact.slice(dot + 1 + d);
  if (/^50*$/.test(tail)) {                   // a true tie: keep the even neighbour
    var last = +s.charAt(s.length - 1);
    if (last % 2 === 1) s = exact.slice(0, d ? dot + 1 + d : dot);
  }
  return (neg ? '-' : '') + s;
}

// Python's f"{v:.{d}e}": mantissa rounded half to even, exponent with a sign and 2+ digits.
function pyExp(v, d) {
  if (v !== v) return 'nan';
  if (!isFinite(v)) return v > 0 ? 'inf' : '-inf';
  var neg = v < 0 || (v === 0 && 1 / v < 0);
  var a = Math.abs(v);
  var s = a.toExponential(d);
  var exact = a.toExponential(100);
  var m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exact);
  var digits = m[1] + (m[2] || '');
  if (/^50*$/.test(digits.slice(d + 1))) {
    var ms = s.split('e')[0];
    if (+ms.charAt(ms.length - 1) % 2 === 1) {
      var keep = digits.slice(0, d + 1);
      s = keep.charAt(0) + (d ? '.' + keep.slice(1) : '') + 'e' + m[3];
    }
  }
  var parts = s.split('e');
  var e = +parts[1];
  var es = String(Math.abs(e));
  if (es.length < 2) es = '0' + es;
  return (neg ? '-' : '') + parts[0] + 'e' + (e < 0 ? '-' : '+') + es;
}

// Python's f"{v:g}" (6 significant digits, trailing zeros removed).
function pyG(v) {
  if (v !== v) return 'nan';
  if (!isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return (1 / v < 0) ? '-0' : '0';
  var e = +pyExp(v, 5).split('e')[1];
  var s;
  if (e >= -4 && e < 6) {
    s = pyFixed(v, 5 - e);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    var p = pyExp(v, 5).split('e');
    var mant = p[0].indexOf('.') >= 0 ? p[0].replace(/0+$/, '').replace(/\.$/, '') : p[0];
    s = mant + 'e' + p[1];
  }
  return s;
}

// twin: backprop_lib.draw.svg.fmt
// Fixed decimals, exponent form when very large or small, true minus sign.
function fmt(v, digits) {
  v = +v;
  if (v !== v) return 'NaN';
  if (!isFinite(v)) return v > 0 ? '∞' : '−∞';
  var s;
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 0.5 * Math.pow(10, -digits))) {
    s = pyExp(v, Math.max(digits - 1, 0));
  } else {
    s = pyFixed(v, digits);
  }
  if (s.charAt(0) === '-' && parseFloat(s) === 0) s = s.slice(1);
  return s.replace(/-/g, '−');
}

function withCommas(s) {
  var neg = s.charAt(0) === '-';
  if (neg) s = s.slice(1);
  var p = s.split('.');
  p[0] = p[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + p.join('.');
}

// twin: backprop_lib.draw.svg.width_of
function widthOf(v, scale) {
  var r = scale > 0 ? Math.min(Math.abs(v) / scale, 1.5) : 0;
  return 0.6 + 3.3 * r;
}

// twin: backprop_lib.draw.svg.format_value
function format(v, spec) {
  var a = spec.split(':');
  switch (a[0]) {
    case 'fmt': return fmt(v, +a[1]);
    case 'plain': return fmt(v, +a[1]).replace(/−/g, '-');
    case 'f': return pyFixed(+v, +a[1]);
    case 'cf': return withCommas(pyFixed(+v, +a[1]));
    case 'g': return pyG(+v);
    case 'd': return String(Math.trunc(v));
    case 's': return String(v);
    case 'width': return pyFixed(widthOf(+v, +a[1]) + (a.length > 2 ? +a[2] : 0), 2);
    case 'dash': return +v < 0 ? '6 4' : 'none';
    case 'X': {
      var x0 = +a[1], w = +a[2], lo = +a[3], hi = +a[4];
      var x = Math.min(Math.max(+v, lo), hi);
      return pyFixed(x0 + (x - lo) / (hi - lo) * w, 1);
    }
    case 'Y': case 'bar': {
      var y0 = +a[1], h = +a[2], ylo = +a[3], yhi = +a[4];
      var y = +v;
      if (+a[5]) y = y > 0 ? Math.log10(y) : -Infinity;   // <= 0: the bottom of a log axis
      y = Math.min(Math.max(y, ylo), yhi);
      var py = y0 + h - (y - ylo) / (yhi - ylo) * h;
      if (a[0] === 'bar') {                     // a bar's height, from the base a[6] up to v
        return pyFixed(Math.max(Math.abs(py - (y0 + h - (+a[6] - ylo) / (yhi - ylo) * h)), 0.5), 1);
      }
      if (a.length > 6) py = py + +a[6];        // an offset in pixels
      return pyFixed(py, 1);
    }
  }
  throw new Error('unknown number format ' + spec);
}
