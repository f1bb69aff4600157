# A plot with nothing to draw says why. Variables: msg.
height = 200
load tpl . '/common.gp'
unset border
unset tics
set xrange [0:1]
set yrange [0:1]
set label 1 msg at graph 0.5, 0.5 center
plot 2 notitle
