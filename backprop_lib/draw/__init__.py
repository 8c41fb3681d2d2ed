"""Every figure of the course, drawn by the library (SVG, one palette).

* :mod:`~backprop_lib.draw.style`: the palette (Okabe-Ito colours, each paired with a line style)
* :mod:`~backprop_lib.draw.svg`: the SVG toolkit (canvas, number formats, marked numbers)
* :mod:`~backprop_lib.draw.diagrams`: network and node diagrams with live numbers (the node
  diagrams and the activation curve beside them in :mod:`~backprop_lib.draw.node_diagrams`)
* :mod:`~backprop_lib.draw.charts`: line charts as SVG (and the axes every chart shares); bar
  charts in :mod:`~backprop_lib.draw.bar_charts`; cached chart frames redrawn with new lines in
  :mod:`~backprop_lib.draw.chart_frames`
* :mod:`~backprop_lib.draw.layout`: figures side by side and the numbers panel of the explorers
* :mod:`~backprop_lib.draw.axes`: the matplotlib helpers the chapters' figures share, and every
  matplotlib chart's two widths (a page column's and a phone's, shown as one ``<picture>``); the
  SVG charts have two widths too (:class:`~backprop_lib.draw.charts.Chart`)
* one module per chapter with figures, named after the chapter's notebook:
  :mod:`~backprop_lib.draw.weight_gradients`, :mod:`~backprop_lib.draw.vanishing_gradients`,
  :mod:`~backprop_lib.draw.initialization`, :mod:`~backprop_lib.draw.training_memory`,
  :mod:`~backprop_lib.draw.loss_scaling`

Importing this package imports nothing but the package itself; each module is imported on demand.
"""
