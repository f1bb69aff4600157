// SPDX-License-Identifier: GPL-2.0
/* daxstat --prometheus: /metrics, read from the maps at each scrape. No
 * rows; the summary is the one of the format -j or -c chose. */
#include <stdio.h>
#include <stdlib.h>

#include "daxstat_output.h"
#include "output.h"
#include "prom.h"
#include "record.h"

static const struct snapshot *zero;	/* the own cost's CPU share starts here */

/* ---- per mount: one family at a time, each sample labelled by device ---- */

/* A label value: backslash, double quote and newline escaped. */
static void label_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void sample(FILE *f, const char *name, const struct dev_view *v, const char *extra,
		   const char *fmt, double value)
{
	char dev[24];

	dev_name(v->m.dev, dev, sizeof(dev));
	fprintf(f, "%s{device=\"%s\"%s} ", name, dev, extra ? extra : "");
	fprintf(f, fmt, value);
	fputc('\n', f);
}

static void m_info(FILE *f, const char *name, const struct dev_view *v)
{
	char dev[24];

	dev_name(v->m.dev, dev, sizeof(dev));
	fprintf(f, "%s{device=\"%s\",mountpoint=\"", name, dev);
	label_value(f, v->m.dir);
	fprintf(f, "\",dax=\"%s\"} 1\n", v->m.dax);
}

static void m_window(FILE *f, const char *name, const struct dev_view *v)
{
	if (v->m.window_known)
		sample(f, name, v, NULL, "%.0f", (double)v->m.window);
}

static void m_nondax(FILE *f, const char *name, const struct dev_view *v)
{
	if (v->reads_known)
		sample(f, name, v, NULL, "%.0f", (double)v->m.nondax_reads);
}

/* Left out while the estimate has no answer: absent means unknown. */
static void m_needed(FILE *f, const char *name, const struct dev_view *v)
{
	char extra[32];
	int k;

	for (k = 0; v->est && k < ESTF_NTARGETS; k++) {
		if (v->e.needed_rc[k] < 0)
			continue;
		snprintf(extra, sizeof(extra), ",hit_ratio=\"%s\"", estf_target_names[k]);
		sample(f, name, v, extra, "%.0f", (double)v->e.needed[k]);
	}
}

/* est_needed() gives one bound for all targets: the largest candidate did or
 * did not reclaim in the span. */
static void m_lower(FILE *f, const char *name, const struct dev_view *v)
{
	if (v->est && v->e.needed_rc[0] >= 0)
		sample(f, name, v, NULL, "%.0f", v->e.needed_rc[0] == 1);
}

static void m_ratio(FILE *f, const char *name, const struct dev_view *v)
{
	if (v->est && v->e.hit_ratio_rc == 0)
		sample(f, name, v, NULL, "%.6f", v->e.hit_ratio);
}

static void m_refs(FILE *f, const char *name, const struct dev_view *v)
{
	if (v->est)
		sample(f, name, v, NULL, "%.0f", (double)v->e.references);
}

static void m_span(FILE *f, const char *name, const struct dev_view *v)
{
	if (v->est)
		sample(f, name, v, NULL, "%.0f", (double)v->e.span_references);
}

static void m_dropped(FILE *f, const char *name, const struct dev_view *v)
{
	if (v->est)
		sample(f, name, v, NULL, "%.0f", (double)v->e.dropped);
}

static const struct dev_metric {
	const char *name, *type, *help;
	void (*emit)(FILE *f, const char *name, const struct dev_view *v);
} dev_metrics[] = {
	{ "daxscope_dax_mount_info", "gauge",
	  "A traced virtio-fs mount that asked for DAX (dax: always or inode)", m_info },
	{ "daxscope_dax_window_bytes", "gauge",
	  "The mount's DAX window in bytes (ranges x range size); 0: it has none", m_window },
	{ "daxscope_dax_nondax_reads_total", "counter",
	  "Reads of files on the mount that did not go through DAX", m_nondax },
	{ "daxscope_dax_window_needed_bytes", "gauge",
	  "Estimated smallest window reaching hit_ratio times the achievable hit ratio "
	  "(--estimate; absent until the span has enough sampled references)", m_needed },
	{ "daxscope_dax_window_needed_lower_bound", "gauge",
	  "1 when the needed windows are only lower bounds (the largest window modelled did "
	  "not hold every range in the span)", m_lower },
	{ "daxscope_dax_window_estimate_hit_ratio", "gauge",
	  "The model's hit ratio at the configured window over the estimate's span", m_ratio },
	{ "daxscope_dax_window_estimate_references_total", "counter",
	  "Sampled references fed to the window estimate", m_refs },
	{ "daxscope_dax_window_estimate_span_references", "gauge",
	  "Sampled references in the estimate's span (an answer needs 2000)", m_span },
	{ "daxscope_dax_window_estimate_dropped_total", "counter",
	  "Sampled references the estimate could not use (too many inodes)", m_dropped },
};

/* A family's HELP and TYPE only when it has a sample. */
static void prom_devs(FILE *f)
{
	struct dev_view v[DS_MAX_DEVS];
	int n = dev_views(v, DS_MAX_DEVS), i;
	size_t k, len;
	char *buf;

	for (k = 0; k < sizeof(dev_metrics) / sizeof(dev_metrics[0]); k++) {
		FILE *s = open_memstream(&buf, &len);

		if (!s)
			return;
		for (i = 0; i < n; i++)
			dev_metrics[k].emit(s, dev_metrics[k].name, &v[i]);
		fclose(s);
		if (len) {
			prom_head(f, dev_metrics[k].name, dev_metrics[k].type, dev_metrics[k].help);
			fwrite(buf, 1, len, f);
		}
		free(buf);
	}
}

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
	}
	if (rec_stream()) {
		prom_head(f, "daxscope_daxstat_record_dropped_total", "counter",
			  "References the --record file and --estimate lost (ring buffer full, or "
			  "past the unit bound)");
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
	prom_devs(f);
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
