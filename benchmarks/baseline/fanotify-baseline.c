/*
 * fanotify-baseline: the least a fanotify pre-content daemon can do, as the yardstick for Swiftlet's fanotify front
 * end (issue #19). It marks a sparse cache file with FAN_PRE_ACCESS and answers every event from a complete local
 * copy of the blob: pread the event's range from the blob, pwrite it through the event's own fd (an fd opened after
 * the mark would raise events of its own), respond FAN_ALLOW. Four threads share the group fd, each reading one
 * event at a time, so four EROFS reads can be filled at once. Nothing else: no bitmap of filled ranges (an event
 * for an already-filled range is filled again), no read-ahead beyond the event's range, no digests, no
 * decompression.
 * usage: fanotify-baseline BLOB SPARSE_CACHE_FILE READY_FILE
 *   SPARSE_CACHE_FILE must already have the blob's size (ftruncate on the event fd would raise an event itself);
 *   READY_FILE is created once the mark is in place, so the caller knows when to mount. Runs until killed.
 * Facts from the kernel's UAPI (include/uapi/linux/fanotify.h, 6.14+) as ../shared/spec/fanotify-facts.md records
 * them; Debian bookworm's headers predate pre-content events, hence the definitions below.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FAN_PRE_ACCESS
#define FAN_PRE_ACCESS 0x00100000
#endif
#ifndef FAN_EVENT_INFO_TYPE_RANGE
#define FAN_EVENT_INFO_TYPE_RANGE 6
#endif
#define FILLERS 4
#define BUF_BYTES (1 << 20)

/* struct fanotify_event_info_range (6.14+) */
struct range_info {
	struct fanotify_event_info_header hdr;
	uint32_t pad;
	uint64_t offset;
	uint64_t count;
};

static int group;
static int blob;
static off_t blob_size;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* copies [off, off+count) of the blob (clipped to its end) into the cache file through the event's fd */
static int fill(int event_fd, uint64_t off, uint64_t count, char *buf)
{
	if (off >= (uint64_t)blob_size)
		return 0;
	if (count > (uint64_t)blob_size - off)
		count = blob_size - off;
	while (count > 0) {
		size_t want = count < BUF_BYTES ? count : BUF_BYTES;
		ssize_t n = pread(blob, buf, want, off);
		if (n <= 0)
			return -1;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = pwrite(event_fd, buf + done, n - done, off + done);
			if (w < 0)
				return -1;
			done += w;
		}
		off += n;
		count -= n;
	}
	return 0;
}

static void *filler(void *unused)
{
	(void)unused;
	char *buf = malloc(BUF_BYTES);
	/* room for one event with its range record: each read takes one event, so the other threads get the next */
	char ev[sizeof(struct fanotify_event_metadata) + sizeof(struct range_info) + 64];
	if (!buf)
		die("malloc");
	for (;;) {
		ssize_t len = read(group, ev, sizeof ev);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			die("read fanotify");
		}
		struct fanotify_event_metadata *m = (struct fanotify_event_metadata *)ev;
		for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
			if (m->fd < 0)
				continue;
			uint32_t verdict = FAN_ALLOW;
			if (m->mask & FAN_PRE_ACCESS) {
				/* no range record means the whole file */
				uint64_t off = 0, count = (uint64_t)blob_size;
				for (char *p = (char *)(m + 1); p < (char *)m + m->event_len;) {
					struct fanotify_event_info_header *h = (struct fanotify_event_info_header *)p;
					if (h->len == 0)
						break;
					if (h->info_type == FAN_EVENT_INFO_TYPE_RANGE) {
						struct range_info *r = (struct range_info *)h;
						off = r->offset;
						count = r->count;
					}
					p += h->len;
				}
				if (fill(m->fd, off, count, buf) != 0) {
					perror("fill");
					verdict = FAN_DENY;
				}
			}
			struct fanotify_response resp = {.fd = m->fd, .response = verdict};
			if (write(group, &resp, sizeof resp) != sizeof resp)
				die("write fanotify response");
			close(m->fd);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s BLOB SPARSE_CACHE_FILE READY_FILE\n", argv[0]);
		return 2;
	}
	blob = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (blob < 0)
		die(argv[1]);
	struct stat st;
	if (fstat(blob, &st) != 0)
		die("fstat blob");
	blob_size = st.st_size;
	/* event fds open read-write, so the fill goes through them; unlimited queue: an overflow would allow unfilled
	 * reads (zeros) */
	group = fanotify_init(FAN_CLASS_PRE_CONTENT | FAN_CLOEXEC | FAN_UNLIMITED_QUEUE, O_RDWR | O_LARGEFILE);
	if (group < 0)
		die("fanotify_init");
	if (fanotify_mark(group, FAN_MARK_ADD, FAN_PRE_ACCESS, AT_FDCWD, argv[2]) != 0)
		die("fanotify_mark");
	pthread_t t[FILLERS];
	for (int i = 0; i < FILLERS; i++)
		if (pthread_create(&t[i], NULL, filler, NULL) != 0)
			die("pthread_create");
	int ready = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (ready < 0)
		die(argv[3]);
	close(ready);
	pthread_join(t[0], NULL);
	return 0;
}
