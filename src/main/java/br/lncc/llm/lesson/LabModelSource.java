package br.lncc.llm.lesson;

import br.lncc.llm.train.Gpt2Weights;
import br.lncc.llm.train.TokenCodec;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.session.ModelFormat;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.session.SessionKey;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.quant.QuantFormat;
import java.nio.file.Path;

/**
 * Where the training and quantization labs get their GPT-2: a Hugging Face folder (real GPT-2
 * downloaded by the student), or the project's tiny GPT-2 — random weights with GPT-2's real
 * tokenizer and vocabulary — when no checkpoint is present. Each call opens fresh weights, as
 * the book loads a fresh model for each stage (SFT changes its weights in place).
 */
public sealed interface LabModelSource {

    String name();

    /** Weights in {@code format}; FP32 shares a freshly loaded model's arrays. */
    Gpt2Weights open(QuantFormat format);

    /**
     * The base a training method starts from. SFT writes its weights in place, so it always gets a
     * fresh copy of its own (as the book loads a fresh model per stage). LoRA and QLoRA freeze the
     * base: a folder's base is leased from {@link br.lncc.llm.session.ModelSessions}, so Cap. 7's
     * LoRA, Cap. 4's lab and Cap. 8's judge on the same GPT-2 hold one copy. Closing the weights
     * closes the lease.
     *
     * @param holder who holds it, as the model manager lists it
     */
    default Gpt2Weights openFor(TrainingMethod method, String holder) {
        return open(method == TrainingMethod.QLORA ? QuantFormat.NF4 : QuantFormat.FP32);
    }

    TokenCodec codec();

    Gpt2.Config config();

    /** The checkpoint folder the weights come from (hashed in experiment records); null for weights made in memory. */
    default Path folder() {
        return null;
    }

    /** A shared NF4 base (QLoRA), one copy per key; the returned view closes the lease. */
    private static Gpt2Weights leaseNf4(SessionKey key, String holder, ModelSessions.Loader<Gpt2Weights> loader) {
        var lease = ModelSessions.app().lease(key, holder, Gpt2Weights.class, loader, w -> w.footprint().bytes());
        return Gpt2Weights.borrowing(lease.get(), lease);
    }

    record Folder(Path path) implements LabModelSource {
        @Override
        public String name() {
            return String.valueOf(path.getFileName());
        }

        @Override
        public Path folder() {
            return path;
        }

        @Override
        public Gpt2Weights open(QuantFormat format) {
            if (format == QuantFormat.FP32) return Gpt2Weights.owning(Gpt2.load(path));
            return Gpt2Weights.load(path, format);
        }

        @Override
        public Gpt2Weights openFor(TrainingMethod method, String holder) {
            return switch (method) {
                case SFT -> open(QuantFormat.FP32);
                case LORA -> {
                    var lease = CausalLms.lease(path, holder);
                    if (!(lease.get().model() instanceof Gpt2 gpt2)) {
                        lease.close();
                        throw new TrainingException("train.notGpt2", new Object[] {name()}, null);
                    }
                    yield Gpt2Weights.borrowing(gpt2, lease);
                }
                case QLORA -> leaseNf4(SessionKey.of(path, ModelFormat.NF4), holder, () -> Gpt2Weights.load(path, QuantFormat.NF4));
            };
        }

        @Override
        public TokenCodec codec() {
            // The tokenizer lives as long as the app; DJL frees it with the JVM.
            return TokenCodec.of(TextTokenizer.fromFolder(path));
        }

        @Override
        public Gpt2.Config config() {
            return Gpt2.Config.fromJson(br.lncc.llm.weights.Checkpoint.readConfig(path));
        }
    }

    /**
     * The course model the app pre-trained and ships ({@link br.lncc.llm.model.CourseModel}): the
     * default of the Cap. 6–7 labs when nothing is downloaded — a GPT-2 that learned Portuguese text.
     */
    record Course() implements LabModelSource {
        @Override
        public String name() {
            return br.lncc.llm.model.CourseModel.NAME;
        }

        @Override
        public Path folder() {
            return br.lncc.llm.model.CourseModel.folder();
        }

        @Override
        public Gpt2Weights open(QuantFormat format) {
            return new Folder(br.lncc.llm.model.CourseModel.folder()).open(format);
        }

        /** Leased like any folder: Cap. 4's lab and Cap. 7's LoRA on the course model hold one copy. */
        @Override
        public Gpt2Weights openFor(TrainingMethod method, String holder) {
            return new Folder(br.lncc.llm.model.CourseModel.folder()).openFor(method, holder);
        }

        @Override
        public TokenCodec codec() {
            return new Folder(br.lncc.llm.model.CourseModel.folder()).codec();
        }

        @Override
        public Gpt2.Config config() {
            return new Folder(br.lncc.llm.model.CourseModel.folder()).config();
        }
    }

    /** Any GPT-2 shape with N(0, 0.02) weights (seeded): speed measurements without a checkpoint. */
    /** GPT-2 small's shape (124M) with random weights: speed and memory without a download. */
    static LabModelSource randomGpt2Small(String name, long seed) {
        return new RandomShape(Gpt2.Config.gpt2Small(), name, seed);
    }

    record RandomShape(Gpt2.Config config, String name, long seed) implements LabModelSource {
        @Override
        public Gpt2Weights open(QuantFormat format) {
            Gpt2 model = Gpt2.random(config, seed);
            if (format == QuantFormat.FP32) return Gpt2Weights.owning(model);
            try (model) {
                return Gpt2Weights.quantize(model, format);
            }
        }

        /**
         * LoRA/QLoRA lease the frozen random base by (name, shape, seed), so two pages training on
         * the same tiny model hold one copy; SFT gets its own as for a folder.
         */
        @Override
        public Gpt2Weights openFor(TrainingMethod method, String holder) {
            String source = name + " · seed " + seed + " · " + Integer.toHexString(config.hashCode());
            return switch (method) {
                case SFT -> open(QuantFormat.FP32);
                case LORA -> {
                    var lease = ModelSessions.app().lease(SessionKey.of(source, ModelFormat.FP32), holder, Gpt2.class,
                            () -> Gpt2.random(config, seed), Gpt2::weightsBytes);
                    yield Gpt2Weights.borrowing(lease.get(), lease);
                }
                case QLORA -> leaseNf4(SessionKey.of(source, ModelFormat.NF4), holder, () -> open(QuantFormat.NF4));
            };
        }

        @Override
        public TokenCodec codec() {
            return TokenCodec.gpt2();
        }
    }

    /** 2 layers, 64 dims, GPT-2's 50,257-token vocabulary, N(0, 0.02) weights (seeded). */
    record Tiny(long seed) implements LabModelSource {
        public static final Gpt2.Config CONFIG = new Gpt2.Config(50257, 256, 64, 2, 4, 256, 1e-5f, 50256);

        @Override
        public String name() {
            return "gpt2-tiny (aleatório)";
        }

        @Override
        public Gpt2Weights open(QuantFormat format) {
            return new RandomShape(CONFIG, name(), seed).open(format);
        }

        @Override
        public Gpt2Weights openFor(TrainingMethod method, String holder) {
            return new RandomShape(CONFIG, name(), seed).openFor(method, holder);
        }

        @Override
        public TokenCodec codec() {
            return TokenCodec.gpt2();
        }

        @Override
        public Gpt2.Config config() {
            return CONFIG;
        }
    }
}
