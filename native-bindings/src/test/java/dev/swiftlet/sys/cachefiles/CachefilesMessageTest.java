package dev.swiftlet.sys.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CachefilesMessageTest {
    private static ByteBuffer header(int msgId, int opcode, int len, int objectId) {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(msgId).putInt(opcode).putInt(len).putInt(objectId);
        return b;
    }

    private static CachefilesMessage parse(ByteBuffer b) throws IOException {
        // the kernel hands messages over in native memory, aligned like any malloc'd buffer
        MemorySegment seg = java.lang.foreign.Arena.ofAuto().allocate(Math.max(16, b.capacity()), 8);
        seg.copyFrom(MemorySegment.ofArray(b.array()));
        return CachefilesMessage.parse(seg, b.capacity());
    }

    @Test
    void parsesOpenWithVolumeAndCookieKeys() throws IOException {
        byte[] vol = "erofs,domain1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] cookie = "be7d77ee".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = header(7, 0, 16 + 16 + vol.length + cookie.length, 3);
        b.putInt(vol.length).putInt(cookie.length).putInt(42).putInt(0).put(vol).put(cookie);
        var open = (CachefilesMessage.Open) parse(b);
        assertThat(open.msgId()).isEqualTo(7);
        assertThat(open.objectId()).isEqualTo(3);
        assertThat(open.volumeKey()).isEqualTo("erofs,domain1");
        assertThat(open.cookieKeyString()).isEqualTo("be7d77ee");
        assertThat(open.anonFd()).isEqualTo(42);
    }

    @Test
    void parsesReadAndClose() throws IOException {
        ByteBuffer r = header(9, 2, 32, 4);
        r.putLong(1L << 33).putLong(131072);
        assertThat(parse(r)).isEqualTo(new CachefilesMessage.Read(9, 4, 1L << 33, 131072));
        assertThat(parse(header(10, 1, 16, 4))).isEqualTo(new CachefilesMessage.Close(10, 4));
    }

    @Test
    void rejectsMalformedMessages() {
        assertThatThrownBy(() ->
                        CachefilesMessage.parse(java.lang.foreign.Arena.ofAuto().allocate(16, 8), 8))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("shorter than its header");
        ByteBuffer lying = header(1, 2, 32, 1);
        lying.putInt(8, 999);
        assertThatThrownBy(() -> parse(lying)).isInstanceOf(IOException.class).hasMessageContaining("999");
        ByteBuffer badKeys = header(2, 0, 40, 1);
        badKeys.putInt(200).putInt(200);
        assertThatThrownBy(() -> parse(badKeys)).isInstanceOf(IOException.class).hasMessageContaining("key sizes");
        assertThatThrownBy(() -> parse(header(3, 9, 16, 1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("opcode 9");
    }
}
