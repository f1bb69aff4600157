// SPDX-License-Identifier: GPL-2.0
/* The model against the sweep: validate.jsonl, written by make tune with
 * `daxsim --validate -j --curve` (sim/README.md), loaded into the run:
 * per (workload, window, range) the predicted and measured counts, and per
 * (workload, range) the predicted hit-ratio curve over windows. The file is
 * optional (runs without recordings have none); a corrupt line is named. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "dsreport.h"

static char *str(json_object *o, const char *key)
{
	json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_string) ? xstrdup(json_object_get_string(v)) : NULL;
}

/* The curve of (workload, range): the first guest's, in file order. */
static void add_curve(struct prediction *p, json_object *o, const char *path, int lineno)
{
	char *guest = str(o, "guest"), *workload = str(o, "workload");
	double window = json_num(o, "window"), range = json_num(o, "range");
	struct pred_curve *c = NULL;
	int i;

	if (!guest || !workload || isnan(window) || isnan(range)) {
		problem(path, "corrupt curve line %d", lineno);
		goto out;
	}
	for (i = 0; i < p->ncurves; i++)
		if (!strcmp(p->curves[i].workload, workload) && p->curves[i].range == (long long)range)
			c = &p->curves[i];
	if (c && strcmp(c->guest, guest))
		goto out;
	if (!c) {
		p->curves = xrealloc(p->curves, (p->ncurves + 1) * sizeof(*p->curves));
		c = &p->curves[p->ncurves++];
		memset(c, 0, sizeof(*c));
		c->guest = guest;
		c->workload = workload;
		c->range = (long long)range;
		guest = workload = NULL;
	}
	c->pts = xrealloc(c->pts, (c->npts + 1) * sizeof(*c->pts));
	c->pts[c->npts].window = (long long)window;
	c->pts[c->npts++].hit_ratio = json_num(o, "hit_ratio");
out:
	free(guest);
	free(workload);
}

static void add_line(struct prediction *p, json_object *o, const char *path, int lineno)
{
	static const char *const m[PRED_NM] = { "new_mappings", "reclaims", "hit_ratio" };
	struct pred_line l = { 0 };
	json_object *over = json_get(o, "over");
	int i;

	l.workload = str(o, "workload");
	l.result = str(o, "result");
	l.window = (long long)json_num(o, "window");
	l.range = (long long)json_num(o, "range");
	if (!l.workload || !l.result || l.window <= 0 || l.range <= 0) {
		problem(path, "corrupt line %d (no workload, window, range or result)", lineno);
		free(l.workload);
		free(l.result);
		return;
	}
	for (i = 0; i < PRED_NM; i++) {
		char *k = xasprintf("%s_predicted", m[i]);

		l.pred[i] = json_num(o, k);
		free(k);
		k = xasprintf("%s_measured", m[i]);
		l.meas[i] = json_num(o, k);
		free(k);
		/* Counts in % of measured, the hit ratio in points. */
		k = xasprintf(i == PRED_HIT ? "%s_error_pp" : "%s_error_pct", m[i]);
		l.err[i] = json_num(o, k);
		if (isnan(l.err[i]) && json_get(o, k) && json_object_is_type(json_get(o, k), json_type_string))
			l.err[i] = INFINITY;
		free(k);
	}
	l.tolerance = json_num(o, "tolerance_pct");
	l.over = over && json_object_is_type(over, json_type_array) && json_object_array_length(over) > 0;
	p->lines = xrealloc(p->lines, (p->nlines + 1) * sizeof(*p->lines));
	p->lines[p->nlines++] = l;
}

void prediction_load(const char *dir, struct prediction *p)
{
	char *path = path_join(dir, "validate.jsonl"), *line = NULL;
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	int lineno = 0;

	memset(p, 0, sizeof(*p));
	p->max_error = NAN;
	if (!f) {
		free(path);
		return;
	}
	p->present = true;
	while (getline(&line, &cap, f) >= 0) {
		json_object *o = json_tokener_parse(line), *type;
		const char *t;

		lineno++;
		type = o ? json_get(o, "type") : NULL;
		t = type ? json_object_get_string(type) : "";
		if (!o || !type)
			problem(path, "corrupt line %d (not a JSON object with a type)", lineno);
		else if (!strcmp(t, "line"))
			add_line(p, o, path, lineno);
		else if (!strcmp(t, "curve"))
			add_curve(p, o, path, lineno);
		else if (!strcmp(t, "summary")) {
			json_object *m = json_get(o, "max_error");

			p->max_error = m && json_object_is_type(m, json_type_string) ? INFINITY :
									      json_num(o, "max_error");
		}
		json_object_put(o);
	}
	free(line);
	fclose(f);
	free(path);
}
