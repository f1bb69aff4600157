# Latency percentiles: three panels (p50, p99, p99.9), one group of bars per
# workload, one bar per config. Variables: data (workload, then p50 p99 p99.9
# per config), series (config names).
height = 1000
load tpl . '/common.gp'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border rgb '#555555'
set logscale y
set xtics rotate by -45 scale 0 font ',9'
set key outside top center horizontal
set multiplot layout 3, 1
names = 'p50 p99 p99.9'
do for [k=1:3] {
	set ylabel word(names, k) . ' clat, µs (log scale)'
	plot for [i=1:words(series)] data using (column(1 + 3*(i-1) + k)):xtic(1) title word(series, i)
}
unset multiplot
