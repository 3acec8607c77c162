package br.lncc.llm.lesson.compress;

import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.TokenCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.ToIntFunction;

/**
 * A model opened for the lab: a copy of its own (the lab writes its weights while a condition
 * runs, so it never leases the shared copy other pages read), its tokenizer, and the bits its
 * checkpoint stores each tensor with, and how its sample generations are prompted (its chat
 * template when it has one, as seed 004 generates).
 */
public record CompressionModel(CausalLm model, TokenCodec codec, ToIntFunction<String> storedBits, AutoCloseable tokenizer,
        Prompting prompting) implements AutoCloseable {

    /** What the lab compresses: a Hugging Face folder, or the tiny random GPT-2 that runs anywhere. */
    public sealed interface Source {
        record Folder(Path folder) implements Source {}

        record TinyRandom() implements Source {}
    }

    /** Opens {@code source} on the calling (background) thread: a copy of its own, see the class comment. */
    public static CompressionModel open(Source source) {
        return source instanceof Source.Folder f ? open(f.folder()) : tinyRandom();
    }

    /** The float32 weights' size in MiB (the memory budget of issue #14 is quoted against it). */
    public double weightsMiB() {
        return model.weightsBytes() / 1048576.0;
    }

    /** A Hugging Face folder (GPT-2, Llama family, Phi). */
    public static CompressionModel open(Path folder) {
        CausalLms.Opened o = CausalLms.loadWithTokenizer(folder);
        return new CompressionModel(o.model(), TokenCodec.of(o.tokenizer()), StoredPrecision.of(folder), o.tokenizer(),
                Prompting.of(folder));
    }

    /** The training lab's tiny random GPT-2 (GPT-2's real tokenizer): runs anywhere, means nothing. */
    public static CompressionModel tinyRandom() {
        return new CompressionModel(Gpt2.random(LabModelSource.Tiny.CONFIG, 42), TokenCodec.gpt2(), CompressionTargets.float32(), null,
                Prompting.RAW);
    }

    /** The course model's folder (shipped with the app), the page's default; empty in a build without it. */
    public static java.util.Optional<Path> courseModel() {
        try {
            return java.util.Optional.of(br.lncc.llm.model.CourseModel.folder());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        model.close();
        if (tokenizer instanceof TextTokenizer t) t.close();
    }

    /** The page's default texts, written by the project (Portuguese, the course model's subject). */
    public static String sample(String name) {
        try (InputStream in = CompressionModel.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
