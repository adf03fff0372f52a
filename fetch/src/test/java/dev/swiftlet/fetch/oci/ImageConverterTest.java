package dev.swiftlet.fetch.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.fetch.registry.DistributionClient;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.fetch.registry.RegistryConfig;
import dev.swiftlet.fetch.registry.TokenGate;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.LayeredImageBuilder;
import dev.swiftlet.rafs.image.RafsImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image convert} below the CLI: the hand-made three-layer image ({@code scripts/oci/make-layered.py}: gzip,
 * zstd and plain layers) converted from an OCI layout to an OCI layout and to Debian's docker-registry; the output
 * has nydusify's shape and keeps the source config; a registry source behind bearer tokens is read with credentials,
 * and an index picks the platform's image. Bad input (a corrupt gzip stream, a layer whose bytes do not
 * match its digest, a missing blob, an unknown media type, a registry that refuses the push) fails naming the layer
 * or the request, and leaves no tag behind.
 */
class ImageConverterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPTS =
            Path.of("../scripts/oci").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    Path source;

    @BeforeEach
    void makeSource() throws Exception {
        Process p = new ProcessBuilder(
                        "python3",
                        SCRIPTS.resolve("make-layered.py").toString(),
                        tmp.resolve("src").toString())
                .inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
        source = tmp.resolve("src/layout");
    }

    private ImageConverter.Result convert(ImageTarget target) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work-" + System.nanoTime()));
        return ImageConverter.convert(
                new OciLayout(source, "latest"),
                target,
                new ImageConverter.Options(BuildOptions.defaults(), null, null),
                work,
                null);
    }

    private static JsonNode json(Path p) throws IOException {
        return JSON.readTree(Files.readAllBytes(p));
    }

    @Test
    void anOciLayoutBecomesANydusLayoutWithTheSourceConfig() throws Exception {
        Path out = tmp.resolve("out");
        ImageConverter.Result r = convert(new OciLayout(out, "nydus"));
        JsonNode index = json(out.resolve("index.json"));
        assertThat(index.path("manifests").get(0).path("digest").asText())
                .isEqualTo(r.written().manifestDigest());
        assertThat(index.path("manifests")
                        .get(0)
                        .path("annotations")
                        .path("org.opencontainers.image.ref.name")
                        .asText())
                .isEqualTo("nydus");
        JsonNode m = JSON.readTree(r.written().manifest());
        JsonNode layers = m.path("layers");
        assertThat(layers).hasSize(4);
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(layers.get(i).path("mediaType").asText())
                    .isEqualTo("application/vnd.oci.image.layer.nydus.blob.v1");
            assertThat(layers.get(i)
                            .path("annotations")
                            .path("containerd.io/snapshot/nydus-blob")
                            .asText())
                    .isEqualTo("true");
            diffIds.add(layers.get(i).path("digest").asText());
        }
        JsonNode boot = layers.get(3);
        assertThat(boot.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(boot.path("annotations")
                        .path("containerd.io/snapshot/nydus-bootstrap")
                        .asText())
                .isEqualTo("true");
        assertThat(boot.path("annotations")
                        .path("containerd.io/snapshot/nydus-fs-version")
                        .asText())
                .isEqualTo("6");

        JsonNode config = json(out.resolve("blobs/sha256")
                .resolve(m.path("config").path("digest").asText().substring(7)));
        JsonNode run = config.path("config");
        assertThat(run.path("Cmd").toString()).isEqualTo("[\"/bin/tool\",\"--flag\"]");
        assertThat(run.path("Entrypoint").toString()).isEqualTo("[\"/bin/sh\",\"-c\"]");
        assertThat(run.path("Env").toString()).isEqualTo("[\"PATH=/bin\",\"A=b c\"]");
        assertThat(run.path("WorkingDir").asText()).isEqualTo("/home/u");
        assertThat(run.path("User").asText()).isEqualTo("1000:1000");
        assertThat(run.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(run.path("Labels").path("made.by").asText()).isEqualTo("make-layered.py");
        List<String> gotDiffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(d -> gotDiffIds.add(d.asText()));
        assertThat(gotDiffIds.subList(0, 3)).isEqualTo(diffIds); // a nydus blob's diff_id is its digest
        assertThat(config.path("history")).hasSize(4);
        assertThat(config.path("history").get(3).path("created_by").asText()).isEqualTo("Nydus Converter");

        // the bootstrap names the three blobs, in layer order
        Path x = Files.createDirectories(tmp.resolve("x"));
        Process tar = new ProcessBuilder(
                        "tar",
                        "-xzf",
                        out.resolve("blobs/sha256")
                                .resolve(boot.path("digest").asText().substring(7))
                                .toString(),
                        "-C",
                        x.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor()).isZero();
        assertThat(RafsImage.open(x.resolve("image/image.boot")).blobs())
                .extracting(b -> "sha256:" + b.id())
                .isEqualTo(diffIds);
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(
                out.resolve("blobs/sha256").resolve(boot.path("digest").asText().substring(7))))) {
            assertThat(gotDiffIds.get(3)).isEqualTo(Sha256.of(in.readAllBytes()));
        }
    }

    @Test
    void aMultiPlatformIndexPicksTheHostsImageOrTheOneAskedFor() throws Exception {
        JsonNode index = json(source.resolve("index.json"));
        JsonNode amd64 = index.path("manifests").get(0);
        String list = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "0".repeat(64)
                + "\",\"size\":1,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + amd64.path("digest").asText()
                + "\",\"size\":" + amd64.path("size").asLong()
                + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        byte[] listBytes = list.getBytes(StandardCharsets.UTF_8);
        String listDigest = Sha256.of(listBytes);
        Files.write(source.resolve("blobs/sha256").resolve(listDigest.substring(7)), listBytes);
        Files.writeString(
                source.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                        + "\"digest\":\"" + listDigest + "\",\"size\":" + listBytes.length
                        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");

        assertThat(convert(new OciLayout(tmp.resolve("out"), null)).source().description())
                .endsWith("@" + amd64.path("digest").asText());
        Path work = Files.createDirectories(tmp.resolve("w-s390x"));
        assertThatThrownBy(() -> ImageConverter.convert(
                        new OciLayout(source, "latest"),
                        new OciLayout(tmp.resolve("out2"), null),
                        new ImageConverter.Options(BuildOptions.defaults(), Platform.parse("linux/s390x"), null),
                        work,
                        null))
                .hasMessageContaining("has no image for linux/s390x (it has [linux/arm64/v8, linux/amd64])");
        Path work2 = Files.createDirectories(tmp.resolve("w-arm64"));
        assertThatThrownBy(() -> ImageConverter.convert(
                        new OciLayout(source, "latest"),
                        new OciLayout(tmp.resolve("out2"), null),
                        new ImageConverter.Options(BuildOptions.defaults(), Platform.parse("linux/arm64"), null),
                        work2,
                        null))
                .hasMessageContaining("sha256:" + "0".repeat(64) + " is missing");
    }

    @Test
    void aSourceBehindBearerTokensIsReadWithTheCredentials() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null);
                TokenGate gate = new TokenGate(java.net.URI.create("http://" + registry.host()), "bob", "pw", 300)) {
            Process p = new ProcessBuilder(
                            "skopeo",
                            "copy",
                            "--quiet",
                            "--dest-tls-verify=false",
                            "oci:" + source + ":latest",
                            "docker://" + registry.host() + "/demo:latest")
                    .inheritIO()
                    .start();
            assertThat(p.waitFor()).isZero();
            String gated = "127.0.0.1:" + gate.port();
            Path work = Files.createDirectories(tmp.resolve("w-gate"));
            assertThatThrownBy(() -> ImageConverter.convert(
                            new RegistryImage(
                                    new DistributionClient(RegistryConfig.simple("http", gated, "demo")),
                                    "latest",
                                    null),
                            new OciLayout(tmp.resolve("gated-anon"), null),
                            new ImageConverter.Options(BuildOptions.defaults(), null, null),
                            work,
                            null))
                    .hasMessageContaining("HTTP 401");
            String creds = Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
            RegistryConfig withCreds = new RegistryConfig(
                    "http", gated, "demo", creds, null, false, List.of(), "", "", null, null, null, List.of());
            ImageConverter.Result r = ImageConverter.convert(
                    new RegistryImage(new DistributionClient(withCreds), "latest", null),
                    new OciLayout(tmp.resolve("gated"), null),
                    new ImageConverter.Options(BuildOptions.defaults(), null, null),
                    work,
                    null);
            assertThat(r.layers()).hasSize(3);
            assertThat(gate.tokensIssued.get())
                    .isEqualTo(1); // one token served every request after the first challenge
        }
    }

    @Test
    void aDockerSchema2SourceConvertsToo() throws Exception {
        // the same three layers, gzip, in a Docker schema 2 manifest (as older registries and docker push hold them)
        Process mk = new ProcessBuilder(
                        "python3",
                        SCRIPTS.resolve("from-tars.py").toString(),
                        tmp.resolve("gz").toString(),
                        tmp.resolve("src/layer-0.tar").toString(),
                        tmp.resolve("src/layer-1.tar").toString(),
                        tmp.resolve("src/layer-2.tar").toString())
                .inheritIO()
                .start();
        assertThat(mk.waitFor()).isZero();
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            Process p = new ProcessBuilder(
                            "skopeo",
                            "copy",
                            "--quiet",
                            "--format",
                            "v2s2",
                            "--dest-tls-verify=false",
                            "oci:" + tmp.resolve("gz") + ":latest",
                            "docker://" + registry.host() + "/docker:latest")
                    .inheritIO()
                    .start();
            assertThat(p.waitFor()).isZero();
            try (DistributionClient c =
                    new DistributionClient(RegistryConfig.simple("http", registry.host(), "docker"))) {
                assertThat(c.manifest("latest", MediaTypes.ACCEPT_ANY).mediaType())
                        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
            }
            ImageConverter.Result r = ImageConverter.convert(
                    new RegistryImage(
                            new DistributionClient(RegistryConfig.simple("http", registry.host(), "docker")),
                            "latest",
                            null),
                    new OciLayout(tmp.resolve("out"), null),
                    new ImageConverter.Options(BuildOptions.defaults(), null, null),
                    Files.createDirectories(tmp.resolve("w")),
                    null);
            assertThat(r.source().layers())
                    .extracting(SourceImage.Layer::mediaType)
                    .containsOnly("application/vnd.docker.image.rootfs.diff.tar.gzip");
            assertThat(r.layers())
                    .extracting(LayeredImageBuilder.Layer::blobId)
                    .doesNotContainNull()
                    .hasSize(3);
        }
    }

    @Test
    void aRegistryThatStopsAnsweringFailsTheConversionInsteadOfHangingIt() throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress())) {
            // accepts connections (the backlog does) and never answers
            RegistryConfig config = new RegistryConfig(
                    "http",
                    "127.0.0.1:" + silent.getLocalPort(),
                    "demo",
                    null,
                    null,
                    false,
                    List.of(),
                    "",
                    "",
                    java.time.Duration.ofMillis(300),
                    null,
                    null,
                    List.of());
            assertThatThrownBy(() -> convert(new RegistryImage(new DistributionClient(config), "latest", null)))
                    .hasMessageContaining("registry(http://127.0.0.1:" + silent.getLocalPort() + "/demo)")
                    .hasMessageContaining("HEAD /v2/demo/blobs/")
                    .hasMessageContaining("timed out");
        }
    }

    /** Rewrites layer {@code i} of the source (its bytes, descriptor), fixing the manifest's digest in index.json. */
    private void editLayer(int i, Consumer<ObjectNode> descriptor, byte[] newBytes) throws IOException {
        JsonNode index = json(source.resolve("index.json"));
        String md = index.path("manifests").get(0).path("digest").asText();
        ObjectNode m = (ObjectNode) json(source.resolve("blobs/sha256").resolve(md.substring(7)));
        ObjectNode layer = (ObjectNode) m.path("layers").get(i);
        if (newBytes != null) {
            String d = Sha256.of(newBytes);
            Files.write(source.resolve("blobs/sha256").resolve(d.substring(7)), newBytes);
            layer.put("digest", d).put("size", newBytes.length);
        }
        descriptor.accept(layer);
        byte[] mb = JSON.writeValueAsBytes(m);
        String nd = Sha256.of(mb);
        Files.write(source.resolve("blobs/sha256").resolve(nd.substring(7)), mb);
        Files.writeString(
                source.resolve("index.json"),
                Files.readString(source.resolve("index.json"))
                        .replace(md, nd)
                        .replaceAll("\"size\":\\s*\\d+", "\"size\": " + mb.length));
    }

    private byte[] layerBytes(int i) throws IOException {
        JsonNode index = json(source.resolve("index.json"));
        JsonNode m = json(source.resolve("blobs/sha256")
                .resolve(index.path("manifests").get(0).path("digest").asText().substring(7)));
        return Files.readAllBytes(source.resolve("blobs/sha256")
                .resolve(m.path("layers").get(i).path("digest").asText().substring(7)));
    }

    private void assertFailsLeavingNoTag(String... messageParts) {
        Path out = tmp.resolve("bad-out");
        assertThatThrownBy(() -> convert(new OciLayout(out, "latest")))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
        assertThat(out.resolve("index.json")).doesNotExist();
    }

    @Test
    void aCorruptGzipStreamFailsNamingTheLayer() throws Exception {
        byte[] gz = layerBytes(0);
        for (int i = gz.length / 3; i < gz.length / 3 + 64; i++) gz[i] ^= 0x5a;
        editLayer(0, l -> {}, gz);
        assertFailsLeavingNoTag("layer 1/3 (sha256:");
    }

    @Test
    void aLayerWhoseBytesDoNotMatchItsDigestFails() throws Exception {
        JsonNode index = json(source.resolve("index.json"));
        JsonNode m = json(source.resolve("blobs/sha256")
                .resolve(index.path("manifests").get(0).path("digest").asText().substring(7)));
        String d = m.path("layers").get(2).path("digest").asText();
        Path blob = source.resolve("blobs/sha256").resolve(d.substring(7));
        byte[] b = Files.readAllBytes(blob);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("owned far away");
        b[at] ^= 1; // inside a file's data: the tar still parses
        Files.write(blob, b);
        assertFailsLeavingNoTag("layer 3/3 (" + d + ")", "digest");
    }

    @Test
    void aMissingBlobFailsNamingTheLayer() throws Exception {
        JsonNode index = json(source.resolve("index.json"));
        JsonNode m = json(source.resolve("blobs/sha256")
                .resolve(index.path("manifests").get(0).path("digest").asText().substring(7)));
        String d = m.path("layers").get(1).path("digest").asText();
        Files.delete(source.resolve("blobs/sha256").resolve(d.substring(7)));
        assertFailsLeavingNoTag("layer 2/3 (" + d + ")", "missing");
    }

    @Test
    void anUnknownMediaTypeIsRefusedBeforeAnythingIsRead() throws Exception {
        editLayer(2, l -> l.put("mediaType", "application/vnd.example.squashfs"), null);
        assertFailsLeavingNoTag("layer 3/3", "application/vnd.example.squashfs", "not a tar layer");
    }

    @Test
    void toARegistryAndARefusedPushLeavesNoTag() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), "alice", "secret")) {
            RegistryConfig anonymous = RegistryConfig.simple("http", registry.host(), "conv");
            assertThatThrownBy(() -> convert(new RegistryImage(new DistributionClient(anonymous), "v1", null)))
                    .hasMessageContaining("registry(http://" + registry.host() + "/conv)")
                    .hasMessageContaining("HTTP 401");

            String creds = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
            RegistryConfig withCreds = new RegistryConfig(
                    "http",
                    registry.host(),
                    "conv",
                    creds,
                    null,
                    false,
                    List.of(),
                    "",
                    "",
                    null,
                    null,
                    null,
                    List.of());
            try (DistributionClient c = new DistributionClient(withCreds)) {
                assertThatThrownBy(() -> c.manifest("v1", MediaTypes.ACCEPT_ANY))
                        .hasMessageContaining("HTTP 404");
            }
            ImageConverter.Result r = convert(new RegistryImage(new DistributionClient(withCreds), "v1", null));
            try (DistributionClient c = new DistributionClient(withCreds)) {
                assertThat(c.manifest("v1", MediaTypes.ACCEPT_ANY).body())
                        .isEqualTo(r.written().manifest());
                NydusManifest nm = NydusManifest.parse(r.written().manifest(), "converted");
                for (NydusManifest.Layer l : nm.blobs())
                    assertThat(c.hasBlob(l.digest())).isTrue();
                // a registry source reads as the layout did, and a Nydus image is not converted again
                assertThatThrownBy(() -> ImageConverter.convert(
                                new RegistryImage(c, "v1", null),
                                new OciLayout(tmp.resolve("back"), null),
                                new ImageConverter.Options(BuildOptions.defaults(), null, null),
                                Files.createDirectories(tmp.resolve("w2")),
                                null))
                        .hasMessageContaining("already a Nydus image");
            }
        }
    }
}
