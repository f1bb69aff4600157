# Range sweep: bandwidth, setup requests per cell and mean setup latency
# against the DAX range size, one line per series. Variables: base (files
# base-1.dat ...: range KiB, MiB/s, 95 % CI, setups/cell, setup latency us),
# series (names).
height = 950
load tpl . '/common.gp'
set logscale x 2
set xlabel 'DAX range size (KiB)'
set key outside top center horizontal
set multiplot layout 3, 1
f(i) = sprintf('%s-%d.dat', base, i)
set yrange [0:*]
set ylabel 'MiB/s'
plot for [i=1:words(series)] f(i) using 1:2:3 with yerrorlines lw 2 title word(series, i)
set ylabel 'setup requests per cell'
plot for [i=1:words(series)] f(i) using 1:4 with linespoints lw 2 title word(series, i)
set ylabel 'mean setup latency (µs)'
plot for [i=1:words(series)] f(i) using 1:5 with linespoints lw 2 title word(series, i)
unset multiplot
