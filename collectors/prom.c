// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "prom.h"
#include "tool.h"

static struct MHD_Daemon *httpd;
static prom_render_fn prom_render;

void prom_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static char *render(size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	prom_render(f);
	fclose(f);
	return buf;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
			       const char *method, const char *version, const char *upload_data,
			       size_t *upload_size, void **ptr)
{
	static const char not_found[] = "not found: try /metrics\n";
	unsigned int status = MHD_HTTP_OK;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body;

	(void)cls; (void)version; (void)upload_data; (void)upload_size; (void)ptr;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return MHD_NO;
	if (strcmp(url, "/metrics") == 0 && (body = render(&len))) {
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		MHD_add_response_header(resp, "Content-Type",
					"text/plain; version=0.0.4; charset=utf-8");
	} else {
		status = MHD_HTTP_NOT_FOUND;
		resp = MHD_create_response_from_buffer(sizeof(not_found) - 1, (void *)not_found,
						       MHD_RESPMEM_PERSISTENT);
	}
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

void prom_start(const char *spec, prom_render_fn fn)
{
	static struct sockaddr_storage ss;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(spec, ':');
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD;
	long port;
	char *end;
	size_t hl;

	if (!colon || colon == spec)
		fatal("bad --prometheus address '%s' (want ADDR:PORT, e.g. %s)", spec, PROM_DEFAULT);
	port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		fatal("bad port in --prometheus '%s'", spec);
	hl = colon - spec;
	if (hl >= sizeof(host))
		fatal("bad address in --prometheus '%s'", spec);
	memcpy(host, spec, hl);
	host[hl] = 0;
	memset(&ss, 0, sizeof(ss));
	if (host[0] == '[' && host[hl - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		host[hl - 1] = 0;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			fatal("bad IPv6 address in --prometheus '%s'", spec);
		flags |= MHD_USE_IPv6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			fatal("bad IPv4 address in --prometheus '%s'", spec);
	}
	prom_render = fn;
	httpd = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handler, NULL,
				 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				 MHD_OPTION_CONNECTION_LIMIT, 16U,
				 MHD_OPTION_CONNECTION_TIMEOUT, 10U, MHD_OPTION_END);
	if (!httpd)
		fatal("cannot serve Prometheus metrics on %s (address in use or not local?); "
		      "the table/JSON modes still work", spec);
}

void prom_stop(void)
{
	if (httpd)
		MHD_stop_daemon(httpd);
	httpd = NULL;
}
