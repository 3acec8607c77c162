package br.lncc.llm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The progress of a run that a resumable checkpoint keeps besides the weights and AdamW's
 * moments ({@code checkpoint/trainer_state.json}): settings, step, curves, samples, time.
 */
final class PretrainState {
    static final String FILE = "trainer_state.json";
    static final int FORMAT = 1;

    PretrainSettings settings;
    String corpusName;
    String corpusSha256;
    /** Licence and origin of the corpus as the user states them (for the model card), or "". */
    String corpusLicense = "";
    String corpusSource = "";
    int step;
    long tokens;
    double stepSeconds;
    double seconds;
    final List<Double> losses = new ArrayList<>();
    final List<Pretraining.EvalPoint> evals = new ArrayList<>();
    final List<Pretraining.SamplePoint> samples = new ArrayList<>();

    static PretrainState fresh(PretrainCorpus corpus, PretrainSettings settings) {
        var s = new PretrainState();
        s.settings = settings;
        s.corpusName = corpus.name();
        s.corpusSha256 = corpus.sha256();
        return s;
    }

    ObjectNode toJson(int decayUpdates, int plainUpdates) {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("corpus", corpusName);
        root.put("corpus_sha256", corpusSha256);
        root.put("corpus_license", corpusLicense).put("corpus_source", corpusSource);
        root.put("tokenizer", settings.tokenizer().spec());
        var sh = settings.shape();
        root.put("layers", sh.layers()).put("heads", sh.heads()).put("dim", sh.dim()).put("context", sh.context());
        var sc = settings.schedule();
        root.put("steps", sc.steps()).put("batch", sc.batch()).put("lr", sc.learningRate()).put("seed", sc.seed())
                .put("eval_every", sc.evalEvery()).put("sample_every", sc.sampleEvery());
        root.put("step", step).put("tokens", tokens).put("step_seconds", stepSeconds).put("seconds", seconds);
        root.put("adam_updates_decay", decayUpdates).put("adam_updates_plain", plainUpdates);
        var l = root.putArray("losses");
        losses.forEach(l::add);
        var e = root.putArray("evals");
        for (var p : evals) e.addObject().put("step", p.step()).put("train_loss", p.trainLoss()).put("val_loss", p.valLoss());
        var s = root.putArray("samples");
        for (var p : samples) s.addObject().put("step", p.step()).put("prompt", p.prompt()).put("text", p.continuation());
        return root;
    }

    static JsonNode readJson(Path folder) {
        Path file = folder.resolve(PretrainCheckpoint.STATE_DIR).resolve(FILE);
        if (!Files.isRegularFile(file)) throw new PretrainException("pretrain.error.noCheckpoint", folder);
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new PretrainException(e, "pretrain.error.badCheckpoint", folder, e.getMessage());
        }
    }

    static PretrainState read(Path folder) {
        JsonNode j = readJson(folder);
        if (j.path("format").asInt() != FORMAT) throw new PretrainException("pretrain.error.badCheckpoint", folder, "format");
        var s = new PretrainState();
        s.settings = new PretrainSettings(
                PretrainSettings.TokenizerChoice.parse(j.path("tokenizer").asText()),
                new PretrainSettings.ModelShape(j.path("layers").asInt(), j.path("heads").asInt(), j.path("dim").asInt(),
                        j.path("context").asInt()),
                new PretrainSettings.Schedule(j.path("steps").asInt(), j.path("batch").asInt(), j.path("lr").asDouble(),
                        j.path("seed").asLong(), j.path("eval_every").asInt(), j.path("sample_every").asInt()));
        s.corpusName = j.path("corpus").asText();
        s.corpusSha256 = j.path("corpus_sha256").asText();
        s.corpusLicense = j.path("corpus_license").asText("");
        s.corpusSource = j.path("corpus_source").asText("");
        s.step = j.path("step").asInt();
        s.tokens = j.path("tokens").asLong();
        s.stepSeconds = j.path("step_seconds").asDouble();
        s.seconds = j.path("seconds").asDouble();
        for (JsonNode v : j.path("losses")) s.losses.add(v.asDouble());
        for (JsonNode v : j.path("evals")) {
            s.evals.add(new Pretraining.EvalPoint(v.path("step").asInt(), v.path("train_loss").asDouble(), v.path("val_loss").asDouble()));
        }
        for (JsonNode v : j.path("samples")) {
            s.samples.add(new Pretraining.SamplePoint(v.path("step").asInt(), v.path("prompt").asText(), v.path("text").asText()));
        }
        return s;
    }
}
