# compare: the change from run A to run B of bandwidth, IOPS and p99
# latency, one panel each, one row per workload and config (so the plot
# grows downwards, never sideways), with the 95 % confidence interval of the
# change; significant changes in red. Variables: data (row, "workload
# config", then per metric: change %, CI low, CI high, significant), rows.
width = 1100
height = 130 + rows * 20
load tpl . '/common.gp'
set datafile missing '-'
set style fill solid 0.8 noborder
set grid xtics ytics lc rgb '#eeeeee'
set yrange [rows - 0.5:-0.5]
set offsets graph 0.08, graph 0.08, 0, 0
set xtics rotate by -30 font ',8'
# A whisker past -100 % or +400 % is cut at the border: it says "unknown"
# as well there, and the bars stay readable.
set xrange [-110<*:*<400]
unset key
names = 'bandwidth IOPS p99-latency'
color(s) = s > 0.5 ? 0xd62728 : 0x9e9e9e
# Margins in pixels, whatever the number of rows: labels left, titles on top.
set multiplot layout 1, 3 title 'change from A to B, % (red: significant, p < 0.05)' \
	margins 0.34, 0.98, 45.0 / height, 1 - 60.0 / height spacing 0.02
do for [k=1:3] {
	c = 3 + 4 * (k - 1)
	set title word(names, k)
	set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb '#444444'
	if (k == 1) {
		set ytics font ',8' scale 0
		plot data using (column(c) / 2):1:(abs(column(c)) / 2):(0.35):(color(column(c + 3))) \
			with boxxyerror lc rgb variable, \
		     data using (column(c)):1:(column(c + 1)):(column(c + 2)):ytic(2) \
			with xerrorbars pt 7 ps 0.4 lc rgb '#222222'
	} else {
		set ytics format ''
		plot data using (column(c) / 2):1:(abs(column(c)) / 2):(0.35):(color(column(c + 3))) \
			with boxxyerror lc rgb variable, \
		     data using (column(c)):1:(column(c + 1)):(column(c + 2)) \
			with xerrorbars pt 7 ps 0.4 lc rgb '#222222'
	}
}
unset multiplot
