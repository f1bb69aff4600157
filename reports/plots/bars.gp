# Small multiples: one panel per access pattern, in it one group of bars per
# workload and one bar per config, whiskers from "low" to "high"; a last
# panel holds the legend. Three panels a row, so the page never scrolls
# sideways. Variables: base (files base-1.dat ...: workload, then bar, low,
# high per config), panels (pattern names), series (config names), ylabel.
cols = 3
rows = int(ceil((words(panels) + 1.0) / cols))
width = 1100
height = 60 + rows * 300
load tpl . '/common.gp'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border rgb '#555555'
set boxwidth 0.9
set logscale y
set ylabel ylabel . ' (log)'
set xtics rotate by -30 scale 0 font ',9'
unset key
set multiplot layout rows, cols
do for [p=1:words(panels)] {
	set title word(panels, p)
	plot for [i=1:words(series)] sprintf('%s-%d.dat', base, p) \
		using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) notitle
}
unset title
unset ylabel
unset border
unset tics
unset logscale y
set xrange [0:1]
set yrange [0:1]
set key center center vertical noautotitle
plot for [i=1:words(series)] NaN with boxes title word(series, i)
unset multiplot
