package dev.swiftlet.daemon.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.rafs.image.RafsImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTableTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    Path dir;

    Path boot;
    Path blobs;
    final ImageTable images = new ImageTable();

    @BeforeEach
    void build() throws Exception {
        boot = RawImages.buildWithBlobDevice(dir);
        blobs = dir.resolve("blobs");
    }

    private ImageSpec spec(String id, String domain) {
        return new ImageSpec(
                id, domain, boot, FileBackend.Config.of(blobs), List.of("blob.img"), PrefetchPolicy.of(false));
    }

    @Test
    void rawImageBlobIsNamedByItsDeviceFileAndSizedFromIt() throws Exception {
        ImageEntry e = images.register(spec("fs1", ""));
        assertThat(e.key()).isEqualTo("fs1/fs1");
        assertThat(e.blobs()).hasSize(1);
        BlobEntry b = e.blobs().getFirst();
        assertThat(b.key()).isEqualTo("fs1/blob.img");
        assertThat(b.size()).isEqualTo(Files.size(blobs.resolve("blob.img")));
        assertThat(images.bootstrap("fs1", "fs1")).contains(e);
        assertThat(images.blob("fs1", "blob.img")).contains(b);
    }

    /** A registered image keeps the tables it is served from, not its bootstrap's bytes (the kernel reads the file). */
    @Test
    void aRegisteredImageKeepsItsTablesNotItsBootstrap() throws Exception {
        ImageEntry e = images.register(spec("fs1", ""));
        assertThat(e.image().size()).isEqualTo(Files.size(boot));
        assertThat(e.image().kind()).isEqualTo(RafsImage.Kind.RAW);
        assertThat(e.blobs().getFirst().size()).isEqualTo(Files.size(blobs.resolve("blob.img")));
        assertThatThrownBy(() -> e.image().readLocalRange(0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("opened for its tables only");
    }

    @Test
    void blobsAreSharedWithinADomainAndDroppedWithTheLastImage() throws Exception {
        ImageEntry a = images.register(spec("a", "dom"));
        ImageEntry b = images.register(spec("b", "dom"));
        assertThat(a.blobs().getFirst()).isSameAs(b.blobs().getFirst());
        assertThat(a.blobs().getFirst().references()).isEqualTo(2);
        images.release("dom", "a");
        assertThat(images.blob("dom", "blob.img")).isPresent();
        images.release("dom", "b");
        assertThat(images.blob("dom", "blob.img")).isEmpty();
        assertThat(images.list()).isEmpty();
    }

    @Test
    void badIdsAreRefusedWithTheReason() {
        for (String bad : new String[] {"../x", "a/b", "..", "", "a\0b", "a,b"}) {
            assertThatThrownBy(() -> images.register(spec(bad, "")))
                    .isInstanceOf(ImageTableException.class)
                    .hasMessageContaining("id")
                    .satisfies(t ->
                            assertThat(((ImageTableException) t).notFound()).isFalse());
        }
        assertThatThrownBy(() -> images.register(spec("ok", "../d")))
                .hasMessageContaining("domain_id '../d' is not allowed");
        assertThat(images.list()).isEmpty();
    }

    @Test
    void unknownReleaseKeepsNydusWording() {
        assertThatThrownBy(() -> images.release("", "nope"))
                .isInstanceOf(ImageTableException.class)
                .hasMessage("blob_cache: cache entry not found: nope/nope");
    }

    @Test
    void corruptOrMissingBootstrapIsAClearError() throws Exception {
        Path bad = dir.resolve("bad.img");
        Files.write(bad, new byte[8192]);
        assertThatThrownBy(() -> images.register(
                        new ImageSpec("x", "", bad, FileBackend.Config.of(blobs), List.of(), PrefetchPolicy.of(false))))
                .isInstanceOf(ImageTableException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("@0x400")
                .hasMessageContaining("not an EROFS image");
        assertThatThrownBy(() -> images.register(
                        new ImageSpec("x", "", dir, FileBackend.Config.of(blobs), List.of(), PrefetchPolicy.of(false))))
                .hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> images.register(new ImageSpec(
                        "x", "", boot, FileBackend.Config.of(blobs), List.of("missing.img"), PrefetchPolicy.of(false))))
                .hasMessageContaining("missing.img");
        assertThat(images.register(spec("y", "")).blobs()).hasSize(1);
    }

    @Test
    void aSingleUntaggedDeviceTakesTheOnlyFileOfTheBlobDirectory() throws Exception {
        ImageEntry e = images.register(
                new ImageSpec("one", "", boot, FileBackend.Config.of(blobs), List.of(), PrefetchPolicy.of(false)));
        assertThat(e.blobs()).extracting(BlobEntry::key).containsExactly("one/blob.img");
        assertThat(e.blobs().getFirst().size()).isEqualTo(Files.size(blobs.resolve("blob.img")));
        assertThat(images.blob("one", "blob.img")).contains(e.blobs().getFirst());
    }

    @Test
    void withTwoFilesInTheBlobDirectoryAnUntaggedDeviceMustBeNamed() throws Exception {
        Files.write(blobs.resolve("other.img"), new byte[4096]);
        assertThatThrownBy(() -> images.register(new ImageSpec(
                        "x", "", boot, FileBackend.Config.of(blobs), List.of(), PrefetchPolicy.of(false))))
                .isInstanceOf(ImageTableException.class)
                .hasMessageContaining("device 1 of " + boot + " has no tag");
        assertThat(images.register(spec("named", "")).blobs())
                .extracting(BlobEntry::blobId)
                .containsExactly("blob.img");
    }

    @Test
    void deviceNamesMustBePlainNames() {
        for (String bad : new String[] {"a,b", "../blob.img", "d/blob.img", ""}) {
            assertThatThrownBy(() -> images.register(new ImageSpec(
                            "x", "", boot, FileBackend.Config.of(blobs), List.of(bad), PrefetchPolicy.of(false))))
                    .isInstanceOf(ImageTableException.class)
                    .hasMessageContaining("device name");
        }
        assertThat(images.list()).isEmpty();
    }
}
