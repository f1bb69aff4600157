/* Plot data files and the gnuplot runs that draw them (templates in
 * reports/plots/, each drawn once as SVG and once as PNG). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model.h"

static FILE *open_out(const char *outdir, const char *name)
{
	char *p = path_join(outdir, name);
	FILE *f = fopen(p, "w");

	if (!f)
		problem(p, "cannot write");
	free(p);
	return f;
}

static void put(FILE *f, double v)
{
	if (isnan(v) || isinf(v))
		fputs(" -", f);
	else
		fprintf(f, " %.6g", v);
}

/* gnuplot -e VARS TEMPLATE in outdir, for fmt svg and png. */
int plot_template(const char *outdir, const char *templates, const char *tpl, const char *vars)
{
	const char *fmts[] = { "svg", "png" };
	int i, rc = 0;

	for (i = 0; i < 2; i++) {
		char *e = xasprintf("fmt='%s'; tpl='%s'; %s", fmts[i], templates, vars);
		char *file = xasprintf("%s/%s", templates, tpl);
		pid_t pid;
		int st;

		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			/* Its warnings (a series without points) go to a log. */
			if (chdir(outdir) || !freopen("gnuplot.log", "a", stderr))
				_exit(127);
			execlp("gnuplot", "gnuplot", "-e", e, file, (char *)NULL);
			fprintf(stderr, "cannot run gnuplot (apt-get install gnuplot-nox)\n");
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "%s: gnuplot %s (%s) failed (see %s/gnuplot.log)\n", tool_name, tpl,
				fmts[i], outdir);
			rc = -1;
		}
		free(e);
		free(file);
	}
	return rc;
}

/* gnuplot's words() splits on blanks: series names use '-' instead. */
static char *word(const char *s)
{
	char *w = xstrdup(s), *p;

	for (p = w; *p; p++)
		if (*p == ' ' || *p == '\'' || *p == '"')
			*p = '-';
	return w;
}

static void add_word(struct buf *b, const char *s)
{
	char *w = word(s);

	buf_add(b, "%s%s", b->len ? " " : "", w);
	free(w);
}

static int empty_plot(const char *outdir, const char *templates, bool draw, const char *out,
		      const char *msg)
{
	char *vars = xasprintf("out='%s'; msg='%s'", out, msg);
	int rc = draw ? plot_template(outdir, templates, "empty.gp", vars) : 0;

	free(vars);
	return rc;
}

/* ---- bars: small multiples, one panel per access pattern ---- */

/* A bar's height and the ends of its whisker. */
struct bar {
	double y, lo, hi;
};

/* The mean and its 95 % confidence interval. A log axis cannot show a
 * whisker below 0: it is cut at a thousandth of the bar. */
static struct bar bar_ci(const struct summary *s)
{
	struct bar b = { s->mean, s->mean, s->mean };

	if (isfinite(s->ci)) {
		b.lo = s->mean - s->ci > 0 ? s->mean - s->ci : s->mean / 1000;
		b.hi = s->mean + s->ci;
	}
	return b;
}

static struct bar bar_bw(const struct group *g)
{
	return bar_ci(&g->m[M_BW]);
}

static struct bar bar_iops(const struct group *g)
{
	return bar_ci(&g->m[M_IOPS]);
}

/* p99, with the whisker from p50 to p99.9. */
static struct bar bar_latency(const struct group *g)
{
	return (struct bar){ g->m[M_P99].mean, g->m[M_P50].mean, g->m[M_P999].mean };
}

/* The workload's name inside its panel: without the pattern it repeats. */
static const char *short_label(const char *workload, const char *job)
{
	size_t n = strlen(job);

	return !strncmp(workload, job, n) && workload[n] == '-' ? workload + n + 1 : workload;
}

static const struct group *any_group(const struct groups *gs, const char *workload)
{
	int k;

	for (k = 0; k < gs->n; k++)
		if (!strcmp(gs->g[k].workload, workload))
			return &gs->g[k];
	return NULL;
}

/* BASE-P.dat per access pattern P (the job), rows of its workloads, then
 * TEMPLATE (bars.gp) draws them as a grid of panels plus a legend. */
static int bars(const struct groups *gs, const char *outdir, const char *templates, bool draw,
		const char *base, const char *ylabel, struct bar (*bar)(const struct group *g))
{
	struct buf series = { 0 }, panels = { 0 };
	char **jobs = xcalloc(gs->nworkloads, sizeof(char *)), *vars;
	int njobs = 0, j, w, c, rc = 0;
	bool measured = false; /* gnuplot cannot draw bars that are all NaN */

	for (c = 0; c < gs->nconfigs; c++)
		add_word(&series, gs->configs[c]);
	for (w = 0; w < gs->nworkloads; w++) {
		const char *job = any_group(gs, gs->workloads[w])->job;

		for (j = 0; j < njobs && strcmp(jobs[j], job); j++)
			;
		if (j == njobs)
			jobs[njobs++] = (char *)job;
	}
	for (j = 0; j < njobs; j++) {
		char *name = xasprintf("%s-%d.dat", base, j + 1);
		FILE *f = open_out(outdir, name);

		free(name);
		if (!f) {
			rc = -1;
			break;
		}
		add_word(&panels, jobs[j]);
		fprintf(f, "# %s: workload, then bar, whisker low, whisker high per config: %s\n", jobs[j],
			series.s);
		for (w = 0; w < gs->nworkloads; w++) {
			if (strcmp(any_group(gs, gs->workloads[w])->job, jobs[j]))
				continue;
			fprintf(f, "%s", short_label(gs->workloads[w], jobs[j]));
			for (c = 0; c < gs->nconfigs; c++) {
				const struct group *g = find_group(gs, gs->configs[c], gs->workloads[w]);
				struct bar b = g && g->n_ok ? bar(g) : (struct bar){ NAN, NAN, NAN };

				measured |= !isnan(b.y);

				put(f, b.y);
				put(f, b.lo);
				put(f, b.hi);
			}
			fputc('\n', f);
		}
		fclose(f);
	}
	vars = xasprintf("out='%s'; base='%s'; panels='%s'; series='%s'; ylabel='%s'", base, base,
			 panels.s ? panels.s : "", series.s ? series.s : "", ylabel);
	if (draw && !rc)
		rc = njobs && measured ? plot_template(outdir, templates, "bars.gp", vars) :
			     empty_plot(outdir, templates, draw, base,
					njobs ? "no cell was measured" : "no cell ran");
	free(vars);
	free(jobs);
	free(series.s);
	free(panels.s);
	return rc;
}

/* ---- sweeps: lines over the DAX configs ---- */

struct point {
	double x;
	const struct group *g;
};

static int cmp_point(const void *a, const void *b)
{
	double x = ((const struct point *)a)->x, y = ((const struct point *)b)->x;

	return x < y ? -1 : x > y;
}

static double range_kib(const struct group *g)
{
	return g->range / 1024.0;
}

/* The series of a sweep: DAX groups with a measurement, keyed by family
 * and by the dimension that is not swept when it varies. A sweep shows the
 * series that have at least two points; if none has, every series. */
struct sweep {
	char **key;
	struct point **pts;
	int *npts, n;
};

static void sweep_build(const struct groups *gs, bool by_range, struct sweep *s)
{
	long long other = -1;
	bool other_varies = false;
	int k, i, keep;

	memset(s, 0, sizeof(*s));
	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];
		long long o = by_range ? g->window : g->range;

		if (!group_dax_ok(g))
			continue;
		if (other >= 0 && o != other)
			other_varies = true;
		other = o;
	}
	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];
		char *fam, *key, sz[32];

		if (!group_dax_ok(g))
			continue;
		/* A user's job does not say how much it reads: no place on
		 * the working set / window axis. */
		if (!by_range && !(group_ws_ratio(g) > 0))
			continue;
		fam = group_family(g);
		key = xasprintf("%s", fam);
		if (other_varies) {
			char *k = xasprintf("%s %s%s", key, by_range ? "w" : "r",
					    size_name(sz, sizeof(sz), by_range ? g->window : g->range));

			free(key);
			key = k;
		}
		/* Along ranges, each working set is its own line (along
		 * windows it is part of x). */
		if (by_range) {
			char *k = xasprintf("%s ws%s", key, size_name(sz, sizeof(sz), g->working_set));

			free(key);
			key = k;
		}
		{
			char *k = xasprintf("%s %s", key, g->modules);

			free(key);
			key = k;
		}
		free(fam);
		for (i = 0; i < s->n && strcmp(s->key[i], key); i++)
			;
		if (i == s->n) {
			s->key = xrealloc(s->key, (s->n + 1) * sizeof(char *));
			s->pts = xrealloc(s->pts, (s->n + 1) * sizeof(struct point *));
			s->npts = xrealloc(s->npts, (s->n + 1) * sizeof(int));
			s->key[i] = key;
			s->pts[i] = NULL;
			s->npts[i] = 0;
			s->n++;
		} else {
			free(key);
		}
		s->pts[i] = xrealloc(s->pts[i], (s->npts[i] + 1) * sizeof(struct point));
		s->pts[i][s->npts[i]].x = by_range ? range_kib(g) : group_ws_ratio(g);
		s->pts[i][s->npts[i]].g = g;
		s->npts[i]++;
	}
	for (i = 0; i < s->n; i++)
		qsort(s->pts[i], s->npts[i], sizeof(struct point), cmp_point);
	/* Points at one x (same ratio from two configs) still make a line. */
	for (keep = 0, i = 0; i < s->n; i++)
		if (s->npts[i] > 1 && s->pts[i][0].x != s->pts[i][s->npts[i] - 1].x)
			keep++;
	if (keep) {
		int j = 0;

		for (i = 0; i < s->n; i++) {
			if (s->npts[i] > 1 && s->pts[i][0].x != s->pts[i][s->npts[i] - 1].x) {
				s->key[j] = s->key[i];
				s->pts[j] = s->pts[i];
				s->npts[j] = s->npts[i];
				j++;
			}
		}
		s->n = j;
	} else {
		/* Nothing swept: a few lines say it better than one per
		 * workload (the table has them all). The working-set
		 * workloads if the run has them, else the first four. */
		int j = 0;

		for (i = 0; i < s->n; i++) {
			if (!strcmp(s->pts[i][0].g->job, "workingset")) {
				s->key[j] = s->key[i];
				s->pts[j] = s->pts[i];
				s->npts[j] = s->npts[i];
				j++;
			}
		}
		s->n = j ? j : s->n < 4 ? s->n : 4;
	}
}

/* An error bar of one repeat is no error bar, not a missing point. */
static double ci_or_0(const struct summary *s)
{
	return isfinite(s->ci) ? s->ci : 0;
}

static void window_row(FILE *f, const struct group *g)
{
	put(f, g->m[M_BW].mean);
	put(f, ci_or_0(&g->m[M_BW]));
	put(f, g->m[M_HIT].mean);
	put(f, g->m[M_REMOVED_PER_S].mean);
	put(f, g->m[M_RECLAIMS_PER_S].mean);
	put(f, g->window / MIB);
}

static void range_row(FILE *f, const struct group *g)
{
	put(f, g->m[M_BW].mean);
	put(f, ci_or_0(&g->m[M_BW]));
	put(f, g->m[M_SETUPS].mean);
	put(f, g->m[M_SETUP_LAT].mean);
}

/* One .dat file per series (BASE-N.dat, x then ROW's columns), then TEMPLATE. */
static int sweep_plot(const struct groups *gs, const char *outdir, const char *templates, bool draw,
		      bool by_range, const char *base, const char *template, const char *columns,
		      void (*row)(FILE *f, const struct group *g))
{
	struct sweep s;
	struct buf series = { 0 };
	char *vars;
	int i, j, rc = 0;

	sweep_build(gs, by_range, &s);
	if (!s.n)
		return empty_plot(outdir, templates, draw, base,
				  by_range ? "no DAX cells in this run" :
				  "no DAX cells of a known working set in this run");
	for (i = 0; i < s.n; i++) {
		char *name = xasprintf("%s-%d.dat", base, i + 1);
		FILE *f = open_out(outdir, name);

		free(name);
		if (!f)
			return -1;
		add_word(&series, s.key[i]);
		fprintf(f, "# %s: %s\n", s.key[i], columns);
		for (j = 0; j < s.npts[i]; j++) {
			put(f, s.pts[i][j].x);
			row(f, s.pts[i][j].g);
			fputc('\n', f);
		}
		fclose(f);
	}
	vars = xasprintf("out='%s'; base='%s'; series='%s'", base, base, series.s);
	if (draw)
		rc = plot_template(outdir, templates, template, vars);
	free(vars);
	free(series.s);
	return rc;
}

/* ---- the model against the sweep ---- */

static int prediction_plot(const struct model *m, const char *outdir, const char *templates,
			   bool draw)
{
	const struct prediction *pr = &m->run->pred;
	struct buf series = { 0 };
	char *vars;
	int i, j, k = 0, rc = 0;

	if (!pr->ncurves)
		return 0;
	for (i = 0; i < pr->ncurves; i++) {
		const struct pred_curve *c = &pr->curves[i];
		char *name, *key;
		FILE *f, *fm;

		if (!m->curve_drawn[i])
			continue;
		name = xasprintf("prediction-%d.dat", ++k);
		f = open_out(outdir, name);
		free(name);
		if (!f)
			return -1;
		name = xasprintf("prediction-m-%d.dat", k);
		fm = open_out(outdir, name);
		free(name);
		if (!fm) {
			fclose(f);
			return -1;
		}
		key = xasprintf("%s@%lldK", c->workload, c->range / 1024);
		add_word(&series, key);
		fprintf(f, "# %s: window MiB, predicted hit ratio (guest %s's recording)\n", key, c->guest);
		for (j = 0; j < c->npts; j++) {
			put(f, c->pts[j].window / MIB);
			put(f, c->pts[j].hit_ratio);
			fputc('\n', f);
		}
		fprintf(fm, "# %s: window MiB, measured hit ratio\n", key);
		for (j = 0; j < pr->nlines; j++) {
			const struct pred_line *l = &pr->lines[j];

			if (strcmp(l->workload, c->workload) || l->range != c->range)
				continue;
			put(fm, l->window / MIB);
			put(fm, l->meas[PRED_HIT]);
			fputc('\n', fm);
		}
		free(key);
		fclose(f);
		fclose(fm);
	}
	if (!k)
		return empty_plot(outdir, templates, draw, "prediction",
				  "no workload reads the same bytes at every window measured");
	vars = xasprintf("out='prediction'; base='prediction'; series='%s'", series.s);
	if (draw)
		rc = plot_template(outdir, templates, "prediction.gp", vars);
	free(vars);
	free(series.s);
	return rc;
}

/* ---- time series of one cell ---- */

static int timeseries(const struct model *m, const char *outdir, const char *templates, bool draw,
		      struct plots *p)
{
	const struct run *run = m->run;
	const struct cell *c = m->timeseries;
	const struct guest_dax *g;
	double *t, *v, start;
	char *celldir, *vars;
	int n = 0, i, ndax = 0, rc = 0;
	FILE *f;

	if (!c)
		return empty_plot(outdir, templates, draw, "timeseries", "no cell ran");
	celldir = xasprintf("%s/cells/%s", run->dir, c->id);
	fio_bw_series(celldir, c->log_msec > 0 ? c->log_msec : 100, &t, &v, &n);
	free(celldir);
	f = open_out(outdir, "timeseries-fio.dat");
	if (!f)
		return -1;
	fprintf(f, "# %s: seconds since the cell's start, fio bandwidth MiB/s (all jobs)\n", c->id);
	for (i = 0; i < n; i++) {
		put(f, t[i]);
		put(f, v[i]);
		fputc('\n', f);
	}
	if (!n)
		fputs("0 -\n", f);
	fclose(f);
	free(t);
	free(v);

	f = open_out(outdir, "timeseries-dax.dat");
	if (!f)
		return -1;
	fprintf(f, "# %s: seconds since the cell's start, free ranges, reclaims/s (daxstat)\n", c->id);
	g = c->daxstat ? run_dax(run, c->guest) : NULL;
	start = c->end_ms - c->runtime_ms;
	for (i = 0; g && i < g->n; i++) {
		const struct dax_sample *s = &g->s[i];
		double x = (s->t_ms - start) / 1000.0;

		/* A second either side shows the state before and after. */
		if (x < -1.0 || x > c->runtime_ms / 1000.0 + 1.0)
			continue;
		put(f, x);
		put(f, s->free_ranges);
		put(f, s->interval_s > 0 ? s->reclaims / s->interval_s : NAN);
		fputc('\n', f);
		ndax++;
	}
	if (!ndax)
		fputs("0 - -\n", f);
	fclose(f);
	p->timeseries_daxstat = ndax > 0;
	vars = xasprintf("out='timeseries'; cell='%s'; has_dax=%d; runtime=%g", c->id, ndax > 0,
			 c->runtime_ms / 1000.0);
	if (draw)
		rc = plot_template(outdir, templates, "timeseries.gp", vars);
	free(vars);
	return rc;
}

int render_plots(const struct model *m, const char *outdir, const char *templates, bool draw,
		 struct plots *p)
{
	const struct groups *gs = &m->gs;
	char *log = path_join(outdir, "gnuplot.log");
	int rc = 0;

	unlink(log); /* a fresh log for this report */
	free(log);
	/* And no series files left from an earlier report into OUTDIR. */
	for (const char *const *b = (const char *const[]){ "window-sweep", "range-sweep", "bandwidth", "iops",
							 "latency", "prediction", "prediction-m", NULL };
	     *b; b++) {
		for (int i = 1;; i++) {
			char *f = xasprintf("%s/%s-%d.dat", outdir, *b, i);
			int gone = unlink(f);

			free(f);
			if (gone)
				break;
		}
	}
	memset(p, 0, sizeof(*p));
	p->made = draw;
	rc |= bars(gs, outdir, templates, draw, "bandwidth", "MiB/s", bar_bw);
	rc |= bars(gs, outdir, templates, draw, "iops", "IOPS", bar_iops);
	rc |= bars(gs, outdir, templates, draw, "latency", "p99 clat, µs", bar_latency);
	rc |= sweep_plot(gs, outdir, templates, draw, false, "window-sweep", "window.gp",
			 "working set/window, MiB/s, 95% CI, hit ratio, removed ranges/s (host), "
			 "reclaims/s (daxstat), window MiB", window_row);
	rc |= sweep_plot(gs, outdir, templates, draw, true, "range-sweep", "range.gp",
			 "range KiB, MiB/s, 95% CI, setup requests per cell, mean setup latency us",
			 range_row);
	rc |= prediction_plot(m, outdir, templates, draw);
	rc |= timeseries(m, outdir, templates, draw, p);
	return rc ? -1 : 0;
}
