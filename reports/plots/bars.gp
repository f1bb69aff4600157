# One group of bars per workload, one bar per config, with error bars.
# Variables: data (workload, then mean and sd per config), series (config
# names, one word each), ylabel.
load tpl . '/common.gp'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border rgb '#555555'
set boxwidth 0.9
set logscale y
set ylabel ylabel . ' (log scale)'
set xtics rotate by -45 scale 0 font ',9'
set key outside top center horizontal
plot for [i=1:words(series)] data using (column(2*i)):(column(2*i+1)):xtic(1) title word(series, i)
