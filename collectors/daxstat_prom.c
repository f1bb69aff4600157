// SPDX-License-Identifier: GPL-2.0
/* daxstat --prometheus: /metrics, read from the maps at each scrape. No
 * rows; the summary is the one of the format -j or -c chose. */
#include <stdio.h>

#include "daxstat_output.h"
#include "output.h"
#include "prom.h"
#include "record.h"

static const struct snapshot *zero;	/* the own cost's CPU share starts here */

static void prom_render(FILE *f)
{
	struct snapshot snap;
	char name[96];
	int c, h;

	read_snapshot(&snap);
	/* Unavailable values are left out: absent means unknown. */
	for (c = 0; c < DS_NR_SHOWN; c++) {
		if (!cnt_avail(c))
			continue;
		if (c == DS_C_DROPPED)
			snprintf(name, sizeof(name), "daxscope_daxstat_dropped_events_total");
		else
			snprintf(name, sizeof(name), "daxscope_dax_%s_total", counters[c].name);
		prom_head(f, name, "counter", counters[c].help);
		fprintf(f, "%s %llu\n", name, (unsigned long long)snap.s.cnt[c]);
	}
	if (rec_opts.path) {
		prom_head(f, "daxscope_daxstat_recorded_total", "counter",
			  "Lines written to the --record file (references and evictions)");
		fprintf(f, "daxscope_daxstat_recorded_total %llu\n",
			(unsigned long long)rec_records());
		prom_head(f, "daxscope_daxstat_record_dropped_total", "counter",
			  "References the --record file lost (ring buffer full, or past the unit bound)");
		fprintf(f, "daxscope_daxstat_record_dropped_total %llu\n",
			(unsigned long long)snap.s.cnt[DS_C_REC_DROPPED]);
	}
	if (gauges_ok(&snap)) {
		prom_head(f, "daxscope_dax_free_ranges", "gauge",
			  "Free DAX window ranges, as last seen by a probe");
		fprintf(f, "daxscope_dax_free_ranges %lld\n", snap.nr_free);
		prom_head(f, "daxscope_dax_window_ranges", "gauge", "DAX window ranges in all");
		fprintf(f, "daxscope_dax_window_ranges %llu\n", snap.nr_ranges);
	}
	for (h = 0; h < DS_NR_HIST; h++) {
		if (!hist_avail(h))
			continue;
		snprintf(name, sizeof(name), "daxscope_dax_%s", hists[h].name);
		log2_prom(f, name, hists[h].help, snap.s.hist[h].slot, DS_HIST_SLOTS,
			  snap.s.hist[h].sum_ns);
	}
	selfcost_prom(f, "daxscope_daxstat", &snap.cost, ts_diff(&snap.ts, &zero->ts));
}

static void prom_serve(const struct snapshot *start)
{
	zero = start;
	prom_start(env.prom_addr, prom_render);
}

static void prom_summary(const struct snapshot *d, double secs)
{
	prom_stop();
	output_format()->summary(d, secs);
}

const struct daxstat_output_ops daxstat_prom = {
	.name = "prometheus",
	.note = ", serving /metrics",
	.start = prom_serve,
	.summary = prom_summary,
};
