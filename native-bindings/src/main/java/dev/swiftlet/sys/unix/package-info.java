/** File descriptor passing over AF_UNIX sockets (SCM_RIGHTS), for fail-over. */
package dev.swiftlet.sys.unix;
