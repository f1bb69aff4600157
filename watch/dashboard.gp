# The shipped Grafana dashboard's panels as one PNG (watch/plot-dashboard.sh).
# Set with -e: dir (panels.gp and panelNN.dat in it), out (the PNG).
# panels.gp sets np, and per panel ptitle, pylabel, pscale and nblk (its
# series: data blocks, each headed by its legend in quotes).
load dir."/panels.gp"
set terminal pngcairo size 1800,1500 font ",9" noenhanced
set output out
set multiplot layout 4,3 title "daxscope: the dashboard's panels, from Prometheus' range queries" font ",12"
set key top left font ",7" noautotitle
set grid
set xlabel "minutes since Prometheus started"
do for [p=1:np] {
	f = sprintf("%s/panel%02d.dat", dir, p)
	set title ptitle[p]
	set ylabel pylabel[p]
	s = pscale[p]
	if (nblk[p] > 0) {
		plot for [b=0:nblk[p]-1] f index b using 1:($2*s) with lines lw 1.5 title columnheader(1)
	} else {
		set label 1 "no data" at graph 0.5, 0.5 center
		plot 1/0 notitle
		unset label 1
	}
}
unset multiplot
