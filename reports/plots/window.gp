# Window sweep: bandwidth (with its 95 % confidence interval), hit ratio and
# reclaims against working set / window, one point type per series. Only
# measured points: nothing is drawn between them. Variables: base (files
# base-1.dat ...: ratio, MiB/s, CI, hit ratio, removed ranges/s, reclaims/s,
# window MiB), series (names).
height = 950
load tpl . '/common.gp'
set logscale x 2
set offsets graph 0.05, graph 0.05, 0, 0
set xlabel 'working set / window'
set key outside top center horizontal
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dashtype 2 lc rgb '#888888'
set label 1 'window full' at 1, graph 0.95 offset 0.5, 0 font ',9'
set multiplot layout 3, 1
f(i) = sprintf('%s-%d.dat', base, i)
set ylabel 'MiB/s'
set yrange [0:*]
plot for [i=1:words(series)] f(i) using 1:2:3 with yerrorbars lw 2 ps 1.5 title word(series, i)
set ylabel 'hit ratio'
set yrange [0:1.05]
plot for [i=1:words(series)] f(i) using 1:4 with points lw 2 ps 1.5 title word(series, i)
set ylabel 'ranges per second'
set yrange [0:*]
plot for [i=1:words(series)] f(i) using 1:5 with points lw 2 ps 1.5 title word(series, i) . ' removed (host)', \
	for [i=1:words(series)] f(i) using 1:6 with points lw 2 ps 1.5 pt 6 title word(series, i) . ' reclaims (daxstat)'
unset multiplot
