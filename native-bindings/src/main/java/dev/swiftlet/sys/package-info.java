/** Safe layer over the raw bindings: descriptors that close exactly once, errno checks that name the call, page-aligned buffers. Use this, not sys.raw. */
package dev.swiftlet.sys;
