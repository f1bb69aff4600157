/* A guest's daxstat JSON lines (collectors/daxstat -j), and the part of them
 * that fell within one cell. One daxstat ran for the whole guest; a cell's
 * share is found by time: fio's end timestamp and its runtime (both on the
 * guest's wall clock, which daxstat's "time" also uses). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "dsreport.h"

/* "2026-11-24T05:32:20.168Z" -> ms since the epoch; -1 if malformed. */
static long long iso_ms(const char *s)
{
	struct tm tm = { 0 };
	int ms = 0, n = 0;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d.%3dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &ms, &n) != 7 || s[n])
		return -1;
	/* Out-of-range fields would make timegm's result overflow below. */
	if (tm.tm_year < 1970 || tm.tm_year > 9999 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 || tm.tm_hour > 23 ||
	    tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60 || ms < 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) * 1000 + ms;
}

int daxstat_load(const char *path, struct guest_dax *g)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, bad = 0;

	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		json_object *o, *type, *cnt, *time;
		struct dax_sample s;
		bool complete = len > 0 && line[len - 1] == '\n';

		lineno++;
		o = json_tokener_parse(line);
		if (!o) {
			/* A guest stopped mid-line leaves a partial last line:
			 * that one is not corrupt, only cut. */
			if (complete && !bad++)
				problem(path, "corrupt line %d (not JSON)", lineno);
			continue;
		}
		type = json_get(o, "type");
		if (!type || strcmp(json_object_get_string(type), "interval")) {
			json_object_put(o);
			continue;
		}
		cnt = json_get(o, "counters");
		time = json_get(o, "time");
		s.t_ms = time ? iso_ms(json_object_get_string(time)) : -1;
		s.interval_s = json_num(o, "interval_s");
		if (!cnt || s.t_ms < 0 || isnan(s.interval_s)) {
			if (!bad++)
				problem(path, "corrupt line %d (no time, interval_s or counters)", lineno);
			json_object_put(o);
			continue;
		}
		s.hits = json_num(cnt, "hits");
		s.new_mappings = json_num(cnt, "new_mappings");
		s.upgrades = json_num(cnt, "upgrades");
		s.removed_ranges = json_num(cnt, "removed_ranges");
		s.reclaims = json_num(cnt, "reclaim_inline") + json_num(cnt, "reclaim_background");
		s.free_ranges = json_num(o, "free_ranges");
		g->s = xrealloc(g->s, (g->n + 1) * sizeof(s));
		g->s[g->n++] = s;
		json_object_put(o);
	}
	free(line);
	fclose(f);
	return 0;
}

void daxstat_slice(const struct guest_dax *g, struct cell *c)
{
	double start = c->end_ms - c->runtime_ms;
	int i;

	memset(&c->dax, 0, sizeof(c->dax));
	if (!g || !c->end_ms)
		return;
	for (i = 0; i < g->n; i++) {
		const struct dax_sample *s = &g->s[i];
		double mid = s->t_ms - s->interval_s * 500.0;

		if (mid < start || mid > c->end_ms)
			continue;
		c->dax.hits += s->hits;
		c->dax.new_mappings += s->new_mappings;
		c->dax.upgrades += s->upgrades;
		c->dax.removed_ranges += s->removed_ranges;
		c->dax.reclaims += s->reclaims;
		c->dax.intervals++;
	}
	c->dax.ok = c->dax.intervals > 0 && !isnan(c->dax.hits) && !isnan(c->dax.new_mappings);
}
