/* dsreport [-o OUTDIR] [-t TEMPLATES] [--no-plots] RESULTS_DIR
 * dsreport --recommendation RESULTS_DIR
 *
 * Reads a results directory from workloads/run-matrix.sh and writes
 * summary.md, report.html and the plots (SVG and PNG, with their data files)
 * into OUTDIR (default RESULTS_DIR-report, beside it). The results directory
 * is only read. A missing or corrupt result file is named on one line of
 * stderr; the other cells are still reported, and the exit status is 1.
 * With --recommendation it writes nothing and prints the report's opening:
 * the headline sentences and the recommendation table, in Markdown.
 * Exit 2: usage, or nothing to report from. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dsreport.h"

static void usage(void)
{
	fputs("usage: dsreport [-o OUTDIR] [-t TEMPLATES_DIR] [--no-plots] RESULTS_DIR\n"
	      "       dsreport --recommendation RESULTS_DIR\n", stderr);
	exit(2);
}

static int mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0755) && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* OUTDIR must not be the results directory or inside it. */
static bool inside(const char *dir, const char *root)
{
	size_t n = strlen(root);

	return !strncmp(dir, root, n) && (dir[n] == '\0' || dir[n] == '/');
}

/* The same for a path that may not exist yet: resolve its longest existing
 * ancestor (symlinks and all) and put the rest back. */
static bool inside_resolved(const char *path, const char *root)
{
	char real[PATH_MAX], *buf, *cut;
	bool in;

	if (path[0] == '/')
		buf = xstrdup(path);
	else if (getcwd(real, sizeof(real)))
		buf = xasprintf("%s/%s", real, path);
	else
		return false;
	cut = buf + strlen(buf);
	for (;;) {
		char save = *cut;

		*cut = '\0';
		if (realpath(buf, real)) {
			char *full;

			*cut = save;
			full = xasprintf("%s%s", real, cut);
			in = inside(full, root);
			free(full);
			free(buf);
			return in;
		}
		*cut = save;
		while (cut > buf && *--cut != '/')
			;
		if (cut == buf) {
			free(buf);
			return false;
		}
	}
}

int main(int argc, char **argv)
{
	const char *out = NULL, *templates = getenv("DSREPORT_TEMPLATES"), *in = NULL;
	char results[PATH_MAX], outabs[PATH_MAX], tplabs[PATH_MAX], *outp, *p;
	bool draw = true, summary_only = false;
	struct run run;
	struct groups gs;
	struct plots plots;
	struct doc doc;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			templates = argv[++i];
		else if (!strcmp(argv[i], "--no-plots"))
			draw = false;
		else if (!strcmp(argv[i], "--recommendation"))
			summary_only = true;
		else if (argv[i][0] == '-' || in)
			usage();
		else
			in = argv[i];
	}
	if (!in)
		usage();
	if (!realpath(in, results)) {
		fprintf(stderr, "dsreport: %s: %s\n", in, strerror(errno));
		return 2;
	}
	if (summary_only) {
		if (load_run(results, &run))
			return 2;
		build_groups(&run, &gs);
		build_summary(&gs, &doc);
		doc_print_md(&doc, stdout);
		return problem_count() ? 1 : 0;
	}
	if (draw && !templates) {
		fputs("dsreport: no templates directory (-t reports/plots)\n", stderr);
		return 2;
	}
	/* gnuplot runs in OUTDIR: the templates need an absolute path. */
	if (draw && !realpath(templates, tplabs)) {
		fprintf(stderr, "dsreport: templates %s: %s\n", templates, strerror(errno));
		return 2;
	}
	outp = out ? xstrdup(out) : xasprintf("%s-report", results);
	/* Checked before anything is created: the report never goes into the
	 * results directory. */
	if (inside_resolved(outp, results)) {
		fprintf(stderr, "dsreport: %s is inside the results directory %s; the report goes elsewhere\n",
			outp, results);
		return 2;
	}
	if (mkdirs(outp) || !realpath(outp, outabs)) {
		fprintf(stderr, "dsreport: cannot create %s: %s\n", outp, strerror(errno));
		return 2;
	}
	if (inside(outabs, results)) {
		fprintf(stderr, "dsreport: %s is inside the results directory; the report goes elsewhere\n",
			outabs);
		return 2;
	}
	if (load_run(results, &run))
		return 2;
	build_groups(&run, &gs);
	if (make_plots(&run, &gs, outabs, tplabs, draw, &plots))
		rc = 1;
	build_doc(&run, &gs, &plots, &doc);
	p = path_join(outabs, "summary.md");
	if (doc_write_md(&doc, p)) {
		fprintf(stderr, "dsreport: cannot write %s\n", p);
		rc = 1;
	}
	free(p);
	p = path_join(outabs, "report.html");
	if (doc_write_html(&doc, p)) {
		fprintf(stderr, "dsreport: cannot write %s\n", p);
		rc = 1;
	}
	free(p);
	if (problem_count())
		rc = 1;
	printf("%s\n", outabs);
	return rc;
}
