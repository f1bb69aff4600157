# Loaded first by every template. dsreport passes (gnuplot -e):
#   fmt ('svg' or 'png'), out (file name without extension), tpl (this
#   directory), and optionally width and height in pixels.
if (!exists("width")) width = 900
if (!exists("height")) height = 450
if (fmt eq 'svg') {
	set terminal svg size width, height dynamic noenhanced font 'Sans,11' background rgb 'white'
} else {
	set terminal pngcairo size width, height noenhanced font 'Sans,10' background rgb 'white'
}
set output out . '.' . fmt
set datafile missing '-'
set grid ytics lc rgb '#dddddd'
set border 3
set tics nomirror
