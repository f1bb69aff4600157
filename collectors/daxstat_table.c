// SPDX-License-Identifier: GPL-2.0
/* daxstat's default output: a table row per interval, then a summary with
 * the histograms and the own cost. */
#include <stdio.h>

#include "../sim/size.h"
#include "daxstat_output.h"
#include "output.h"
#include "record.h"

/* Interval table columns. */
static const int row_cols[] = {
	DS_C_HIT, DS_C_SETUP_NEW, DS_C_SETUP_UPGRADE, DS_C_RM_RANGES, DS_C_RECLAIM_INLINE,
	DS_C_RECLAIM_BG, DS_C_WAIT, DS_C_EXT_WRITE, DS_C_FAULT,
};
static const char *const row_heads[] = {
	"HITS", "NEW", "UPGR", "RM_RNG", "RCL_IN", "RCL_BG", "WAIT", "EXT_WR", "FAULTS",
};

static void print_table_header(void)
{
	size_t i;

	printf("%-8s", "TIME");
	for (i = 0; i < sizeof(row_cols) / sizeof(row_cols[0]); i++)
		printf(" %8s", row_heads[i]);
	printf(" %11s %6s\n", "FREE/TOTAL", "DROP");
}

static void print_table_row(const struct snapshot *d, double secs)
{
	char when[16], buf[32];
	size_t i;

	fmt_hms(&d->ts, when, sizeof(when));
	printf("%-8s", when);
	for (i = 0; i < sizeof(row_cols) / sizeof(row_cols[0]); i++) {
		if (cnt_avail(row_cols[i]))
			printf(" %8llu", (unsigned long long)d->s.cnt[row_cols[i]]);
		else
			printf(" %8s", "-");
	}
	if (gauges_ok(d))
		snprintf(buf, sizeof(buf), "%lld/%llu", d->nr_free, d->nr_ranges);
	else
		snprintf(buf, sizeof(buf), "-");
	printf(" %11s %6llu\n", buf, (unsigned long long)d->s.cnt[DS_C_DROPPED]);
	fflush(stdout);
}

static const char *size_or_dash(bool known, __u64 v, char *buf, size_t len)
{
	if (!known)
		return "-";
	return v ? size_fmt(v, buf, len) : "none";
}

static void print_estimate(const struct estf_view *e)
{
	char b[32];
	int k;

	if (e->needed_rc[0] < 0) {
		printf("    window needed: no answer yet (%llu of %llu sampled references in the span)\n",
		       (unsigned long long)e->span_references, (unsigned long long)e->min_refs);
	} else {
		printf("    window needed%s:", e->needed_rc[0] == 1 ? " (lower bounds)" : "");
		for (k = 0; k < ESTF_NTARGETS; k++)
			printf(" %s for %s%s", size_fmt(e->needed[k], b, sizeof(b)),
			       estf_target_names[k], k + 1 < ESTF_NTARGETS ? "," : "\n");
	}
	if (e->hit_ratio_rc == 0)
		printf("    model hit ratio at the window: %.4f\n", e->hit_ratio);
	printf("    %llu sampled references (%llu in the span), %llu dropped\n",
	       (unsigned long long)e->references, (unsigned long long)e->span_references,
	       (unsigned long long)e->dropped);
}

/* A line per mount; with --estimate its answers below it. */
static void print_mounts(void)
{
	struct dev_view v[DS_MAX_DEVS];
	int n = dev_views(v, DS_MAX_DEVS), i;
	char dev[24], win[32];

	for (i = 0; i < n; i++) {
		dev_name(v[i].m.dev, dev, sizeof(dev));
		printf("  mount %s (%s, dax=%s): window %s", v[i].m.dir, dev, v[i].m.dax,
		       size_or_dash(v[i].m.window_known, v[i].m.window, win, sizeof(win)));
		if (v[i].reads_known)
			printf(", %llu reads bypassed DAX\n", (unsigned long long)v[i].m.nondax_reads);
		else
			printf(", reads bypassing DAX -\n");
		if (v[i].est)
			print_estimate(&v[i].e);
	}
}

static void print_summary_table(const struct snapshot *d, double secs)
{
	int c, h;

	printf("\ndaxstat summary: %.1f s, %s, probes: %s, mode: %s\n", secs,
	       env.mount ? env.mount : "all DAX mounts", probes_in_use(), mode_name());
	for (c = 0; c < DS_NR_SHOWN; c++) {
		if (cnt_avail(c))
			printf("  %-26s %llu\n", counters[c].label, (unsigned long long)d->s.cnt[c]);
		else
			printf("  %-26s -\n", counters[c].label);
	}
	if (gauges_ok(d))
		printf("  %-26s %lld of %llu\n", "free ranges (last seen)", d->nr_free, d->nr_ranges);
	else
		printf("  %-26s -\n", "free ranges (last seen)");
	if (rec_opts.path)
		printf("  recording %s: %llu records written, %llu references dropped\n",
		       rec_opts.path, (unsigned long long)rec_records(),
		       (unsigned long long)d->s.cnt[DS_C_REC_DROPPED]);
	print_mounts();
	for (h = 0; h < DS_NR_HIST; h++) {
		const struct ds_hist_data *hd = &d->s.hist[h];
		__u64 n = log2_count(hd->slot, DS_HIST_SLOTS);

		if (!hist_avail(h)) {
			printf("\n%s: -\n", hists[h].help);
			continue;
		}
		if (!n) {
			if (env.hists)
				printf("\n%s: no events\n", hists[h].help);
			continue;
		}
		printf("\n%s (%llu events, average %.1f us):\n", hists[h].help,
		       (unsigned long long)n, hd->sum_ns / 1000.0 / n);
		log2_print(hd->slot, DS_HIST_SLOTS);
	}
	selfcost_print(&d->cost, secs);
	fflush(stdout);
}

const struct daxstat_output_ops daxstat_table = {
	.name = "table",
	.header = print_table_header,
	.row = print_table_row,
	.summary = print_summary_table,
};
