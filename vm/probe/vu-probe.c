// SPDX-License-Identifier: GPL-2.0
/*
 * vu-probe: ask a vhost-user back-end what it offers, as a front-end would
 * at the start of its handshake, and print it as key=value lines:
 *
 *   vu-probe SOCKET
 *   features=0x...            (VHOST_USER_GET_FEATURES)
 *   protocol_features=0x...   (VHOST_USER_GET_PROTOCOL_FEATURES, when the
 *                              back-end offers VHOST_USER_F_PROTOCOL_FEATURES)
 *   shmem_nregions=N          (VHOST_USER_GET_SHMEM_CONFIG, when it offers
 *   shmem_size_ID=BYTES        VHOST_USER_PROTOCOL_F_SHMEM: its regions)
 *
 * The launcher starts a virtiofsd of the user's choice on a scratch socket
 * and runs this to learn, before any guest boots, whether it can map files
 * into a DAX window; which bit means what is in vm/vhost-user-protocol.list.
 * Exit 0 on an answer, 1 (one line on stderr) when the socket or the
 * back-end fails.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/*
 * Front-end requests, header flags and feature bits of the vhost-user
 * protocol; the shared memory numbers as QEMU 11.1 merged them (the table
 * in vm/vhost-user-protocol.list, which tests check this file against).
 */
enum {
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_GET_PROTOCOL_FEATURES = 15,
	VHOST_USER_SET_PROTOCOL_FEATURES = 16,
	VHOST_USER_GET_SHMEM_CONFIG = 44,
};
#define VU_VERSION 0x1u
#define VU_REPLY 0x4u
#define VU_F_PROTOCOL_FEATURES 30
#define VHOST_USER_PROTOCOL_F_SHMEM 22
#define VHOST_USER_MAX_SHMEM_REGIONS 256

struct vu_shmem_config {
	uint32_t nregions;
	uint32_t padding;
	uint64_t memory_sizes[VHOST_USER_MAX_SHMEM_REGIONS];
};

struct vu_header {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
};

static int full_io(int fd, void *buf, size_t len, int writing)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = writing ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Send a request without payload; read its reply of LEN bytes into BUF. */
static int ask(int fd, uint32_t request, void *buf, uint32_t len, const char **why)
{
	struct vu_header h = { request, VU_VERSION, 0 };

	if (full_io(fd, &h, sizeof(h), 1)) {
		*why = "sending the request failed";
		return -1;
	}
	if (full_io(fd, &h, sizeof(h), 0)) {
		*why = "the back-end closed the connection without answering";
		return -1;
	}
	if (h.request != request || !(h.flags & VU_REPLY) || h.size != len) {
		*why = "the answer is not a reply of the request's size";
		return -1;
	}
	if (full_io(fd, buf, len, 0)) {
		*why = "the reply's payload is cut short";
		return -1;
	}
	return 0;
}

/* Send a request with a u64 payload that expects no reply. */
static int tell_u64(int fd, uint32_t request, uint64_t val, const char **why)
{
	struct {
		struct vu_header h;
		uint64_t val;
	} __attribute__((packed)) m = { { request, VU_VERSION, sizeof(val) }, val };

	if (full_io(fd, &m, sizeof(m), 1)) {
		*why = "sending the request failed";
		return -1;
	}
	return 0;
}

/* The back-end's shared memory regions, as a front-end learns them. */
static int shmem_config(int fd, uint64_t protocol, const char **why)
{
	static struct vu_shmem_config c;
	int i;

	if (tell_u64(fd, VHOST_USER_SET_PROTOCOL_FEATURES, protocol, why) ||
	    ask(fd, VHOST_USER_GET_SHMEM_CONFIG, &c, sizeof(c), why))
		return -1;
	printf("shmem_nregions=%" PRIu32 "\n", c.nregions);
	for (i = 0; i < VHOST_USER_MAX_SHMEM_REGIONS; i++)
		if (c.memory_sizes[i])
			printf("shmem_size_%d=%" PRIu64 "\n", i, c.memory_sizes[i]);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	uint64_t features, protocol = 0;
	const char *why = NULL;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: vu-probe SOCKET\n");
		return 2;
	}
	if (strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "vu-probe: socket path too long: %s\n", argv[1]);
		return 2;
	}
	strcpy(addr.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		fprintf(stderr, "vu-probe: cannot connect to %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (ask(fd, VHOST_USER_GET_FEATURES, &features, sizeof(features), &why) ||
	    ((features >> VU_F_PROTOCOL_FEATURES) & 1 &&
	     ask(fd, VHOST_USER_GET_PROTOCOL_FEATURES, &protocol, sizeof(protocol), &why)))
		goto failed;
	printf("features=0x%" PRIx64 "\nprotocol_features=0x%" PRIx64 "\n", features, protocol);
	fflush(stdout);
	if ((protocol >> VHOST_USER_PROTOCOL_F_SHMEM) & 1 && shmem_config(fd, protocol, &why))
		goto failed;
	close(fd);
	return 0;
failed:
	fprintf(stderr, "vu-probe: %s: %s\n", argv[1], why);
	close(fd);
	return 1;
}
