/*
 * cachefiles-baseline: the least a cachefiles on-demand daemon can do, as the yardstick for Swiftlet's cachefiles
 * front end (issue #19), in the manner of the kernel's demo daemon: one thread, one request at a time. OPEN of a
 * cookie is answered with copen of the size of the file named by the cookie key in BLOB_DIR (EROFS: the fsid for the
 * metadata image, the device= name for each data device); READ by pread of the range from that file and pwrite
 * through the object's anonymous fd, then CACHEFILES_IOC_READ_COMPLETE; CLOSE by closing the anon fd. Nothing else:
 * no read-ahead beyond the requested range, no digests, no decompression.
 * usage: cachefiles-baseline CACHE_DIR TAG BLOB_DIR READY_FILE
 *   READY_FILE is created once the cache is bound, so the caller knows when to mount. Runs until killed.
 * Facts from include/uapi/linux/cachefiles.h and ../shared/spec/cachefiles-protocol.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/cachefiles.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE 4096u
#define MAX_OBJECTS 64

/* one open cookie: the kernel's object id, the anon fd it gave, the local file that holds its bytes */
struct object {
	uint32_t id;
	int anon_fd;
	int blob_fd;
	off_t size;
};

static struct object objects[MAX_OBJECTS];
static int dev;
static const char *blob_dir;
static char *buf;
static size_t buf_bytes;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void command(const char *fmt, const char *arg)
{
	char cmd[4096];
	int n = snprintf(cmd, sizeof cmd, fmt, arg);
	if (write(dev, cmd, n) != n)
		die(cmd);
}

static struct object *find(uint32_t id)
{
	for (int i = 0; i < MAX_OBJECTS; i++)
		if (objects[i].anon_fd > 0 && objects[i].id == id)
			return &objects[i];
	return NULL;
}

static struct object *free_slot(void)
{
	for (int i = 0; i < MAX_OBJECTS; i++)
		if (objects[i].anon_fd <= 0)
			return &objects[i];
	return NULL;
}

static void on_open(struct cachefiles_msg *msg)
{
	struct cachefiles_open *o = (struct cachefiles_open *)msg->data;
	char path[4096], reply[64];
	int n = snprintf(path, sizeof path, "%s/%.*s", blob_dir, (int)o->cookie_key_size,
			 (char *)o->data + o->volume_key_size);
	long long size = -ENOENT;
	struct object *slot = free_slot();
	int blob_fd = n < (int)sizeof path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	struct stat st;
	if (blob_fd >= 0 && fstat(blob_fd, &st) == 0 && slot) {
		slot->id = msg->object_id;
		slot->anon_fd = (int)o->fd;
		slot->blob_fd = blob_fd;
		slot->size = st.st_size;
		size = st.st_size;
	} else {
		fprintf(stderr, "cachefiles-baseline: OPEN %s: %s\n", path, slot ? strerror(errno) : "too many objects");
		if (blob_fd >= 0)
			close(blob_fd);
		close((int)o->fd);
	}
	n = snprintf(reply, sizeof reply, "copen %u,%lld", msg->msg_id, size);
	if (write(dev, reply, n) != n)
		perror("copen");
}

static void on_read(struct cachefiles_msg *msg)
{
	struct cachefiles_read *r = (struct cachefiles_read *)msg->data;
	struct object *obj = find(msg->object_id);
	if (!obj) {
		fprintf(stderr, "cachefiles-baseline: READ for unknown object %u\n", msg->object_id);
		return;
	}
	/* anon fd writes are direct I/O: page-aligned buffer, page-multiple length, zeros past the end of the blob */
	size_t len = (r->len + PAGE - 1) & ~(size_t)(PAGE - 1);
	if (len > buf_bytes) {
		free(buf);
		if (posix_memalign((void **)&buf, PAGE, len) != 0)
			die("posix_memalign");
		buf_bytes = len;
	}
	ssize_t got = pread(obj->blob_fd, buf, len, (off_t)r->off);
	if (got < 0) {
		perror("pread blob");
		got = 0;
	}
	memset(buf + got, 0, len - got);
	if (pwrite(obj->anon_fd, buf, len, (off_t)r->off) != (ssize_t)len)
		perror("pwrite anon fd");
	/* without the write the kernel's re-check finds the hole still there and fails the read with EIO */
	if (ioctl(obj->anon_fd, CACHEFILES_IOC_READ_COMPLETE, msg->msg_id) != 0)
		perror("READ_COMPLETE");
}

static void on_close(struct cachefiles_msg *msg)
{
	struct object *obj = find(msg->object_id);
	if (!obj)
		return;
	close(obj->anon_fd);
	close(obj->blob_fd);
	memset(obj, 0, sizeof *obj);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s CACHE_DIR TAG BLOB_DIR READY_FILE\n", argv[0]);
		return 2;
	}
	blob_dir = argv[3];
	dev = open("/dev/cachefiles", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("/dev/cachefiles");
	command("dir %s", argv[1]);
	command("tag %s", argv[2]);
	command("bind ondemand%s", "");
	int ready = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (ready < 0)
		die(argv[4]);
	close(ready);
	char msgbuf[CACHEFILES_MSG_MAX_SIZE];
	for (;;) {
		struct pollfd p = {.fd = dev, .events = POLLIN};
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		/* one request per read; 0 when another poller took it */
		ssize_t n = read(dev, msgbuf, sizeof msgbuf);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("read /dev/cachefiles");
		}
		if (n < (ssize_t)sizeof(struct cachefiles_msg))
			continue;
		struct cachefiles_msg *msg = (struct cachefiles_msg *)msgbuf;
		switch (msg->opcode) {
		case CACHEFILES_OP_OPEN:
			on_open(msg);
			break;
		case CACHEFILES_OP_READ:
			on_read(msg);
			break;
		case CACHEFILES_OP_CLOSE:
			on_close(msg);
			break;
		}
	}
}
