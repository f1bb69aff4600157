# One cell over time: fio's bandwidth log, and daxstat's free ranges and
# reclaims per second. Variables: cell (its name), has_dax (0: daxstat
# unavailable), runtime (s). Files: timeseries-fio.dat (t, MiB/s),
# timeseries-dax.dat (t, free ranges, reclaims/s). A daxstat sample covers
# the interval that ends at its time: fsteps draws it over that interval.
height = 800
load tpl . '/common.gp'
set xlabel 'seconds since the cell started'
set key outside top center horizontal
set xrange [-1:runtime + 1]
set multiplot layout 3, 1 title cell
set yrange [0:*]
set ylabel 'MiB/s'
plot 'timeseries-fio.dat' using 1:2 with linespoints lw 2 title 'fio bandwidth'
if (has_dax) {
	set ylabel 'ranges'
	plot 'timeseries-dax.dat' using 1:2 with fsteps lw 2 title 'free ranges'
	set ylabel 'per second'
	plot 'timeseries-dax.dat' using 1:3 with fsteps lw 2 title 'reclaims/s'
} else {
	unset border
	unset tics
	unset xlabel
	unset ylabel
	set yrange [0:1]
	set label 2 'free ranges and reclaims/s: unavailable (no daxstat JSON lines for this cell)' at graph 0.5, 0.5 center
	plot 2 notitle
	unset label 2
	plot 2 notitle
}
unset multiplot
