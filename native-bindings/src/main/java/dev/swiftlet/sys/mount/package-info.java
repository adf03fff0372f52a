/** mount(2) and umount2(2) for EROFS. */
package dev.swiftlet.sys.mount;
