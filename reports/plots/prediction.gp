# The model against the sweep: daxsim's predicted hit ratio over window size
# (a line per workload and range, from one guest's recording) and the hit
# ratio daxstat measured at each window the run ran (points, same colour).
# Variables: base (files base-1.dat ...: window MiB, predicted hit ratio;
# base-m-1.dat ...: window MiB, measured hit ratio), series (names).
load tpl . '/common.gp'
set logscale x 2
set xlabel 'DAX window (MiB)'
set ylabel 'hit ratio'
set yrange [0:1.05]
set key outside top center horizontal
f(i) = sprintf('%s-%d.dat', base, i)
m(i) = sprintf('%s-m-%d.dat', base, i)
plot for [i=1:words(series)] f(i) using 1:2 with lines lw 2 lc i title word(series, i) . ' predicted', \
	for [i=1:words(series)] m(i) using 1:2 with points pt 7 ps 1.5 lc i title word(series, i) . ' measured'
