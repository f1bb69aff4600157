/* The output directory of a report or a comparison: created, and never the
 * results directory it reads nor inside one. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dsreport.h"

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

int make_outdir(const char *out, const char *const *roots, char *abs)
{
	const char *const *r;

	/* Checked before anything is created, and again on the real path. */
	for (r = roots; *r; r++) {
		if (inside_resolved(out, *r)) {
			fprintf(stderr, "%s: %s is inside the results directory %s; the output goes elsewhere\n",
				tool_name, out, *r);
			return -1;
		}
	}
	if (mkdirs(out) || !realpath(out, abs)) {
		fprintf(stderr, "%s: cannot create %s: %s\n", tool_name, out, strerror(errno));
		return -1;
	}
	for (r = roots; *r; r++) {
		if (inside(abs, *r)) {
			fprintf(stderr, "%s: %s is inside the results directory %s; the output goes elsewhere\n",
				tool_name, abs, *r);
			return -1;
		}
	}
	return 0;
}

int templates_dir(const char *templates, char *abs)
{
	if (!templates) {
		fprintf(stderr, "%s: no templates directory (-t reports/plots)\n", tool_name);
		return -1;
	}
	/* gnuplot runs in OUTDIR: the templates need an absolute path. */
	if (!realpath(templates, abs)) {
		fprintf(stderr, "%s: templates %s: %s\n", tool_name, templates, strerror(errno));
		return -1;
	}
	return 0;
}
