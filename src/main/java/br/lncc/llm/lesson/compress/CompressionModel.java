package br.lncc.llm.lesson.compress;

import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.train.LabModelSource;
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
 * checkpoint stores each tensor with.
 */
public record CompressionModel(CausalLm model, TokenCodec codec, ToIntFunction<String> storedBits, AutoCloseable tokenizer)
        implements AutoCloseable {

    /** A Hugging Face folder (GPT-2, Llama family, Phi). */
    public static CompressionModel open(Path folder) {
        CausalLms.Opened o = CausalLms.loadWithTokenizer(folder);
        return new CompressionModel(o.model(), TokenCodec.of(o.tokenizer()), StoredPrecision.of(folder), o.tokenizer());
    }

    /** The training lab's tiny random GPT-2 (GPT-2's real tokenizer): runs anywhere, means nothing. */
    public static CompressionModel tinyRandom() {
        return new CompressionModel(Gpt2.random(LabModelSource.Tiny.CONFIG, 42), TokenCodec.gpt2(), CompressionTargets.float32(), null);
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
