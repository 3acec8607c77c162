package br.lncc.llm.hub;

import br.lncc.llm.text.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which files of a hub repository are needed to run the model here: configuration, tokenizer
 * and safetensors weights. Pickle weights are never downloaded, and nothing inside sub-folders
 * (onnx/, flax exports, training checkpoints) is either.
 *
 * @param small configs and tokenizer files (and the shard index), fetched first
 * @param weights safetensors files; empty when {@link #sharded()} (the shards come from the index)
 */
record ModelFiles(List<String> small, List<String> weights, boolean sharded) {

    static final Set<String> CONFIG_AND_TOKENIZER = Set.of(
            "config.json", "generation_config.json",
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
            "vocab.json", "vocab.txt", "merges.txt",
            "spiece.model", "tokenizer.model", "sentencepiece.bpe.model",
            "chat_template.jinja", "chat_template.json");

    static ModelFiles select(String repoId, Collection<String> repoFiles) {
        List<String> topLevel = repoFiles.stream().filter(f -> !f.contains("/")).sorted().toList();
        if (!topLevel.contains(ModelFolder.CONFIG)) {
            throw new HubException(HubException.Reason.INVALID_MODEL, Message.of("hub.repo.noConfig", repoId),
                    "no config.json among " + topLevel, null);
        }
        List<String> small = new ArrayList<>(topLevel.stream().filter(CONFIG_AND_TOKENIZER::contains).toList());
        if (topLevel.contains(ModelFolder.SAFETENSORS_INDEX)) {
            small.add(ModelFolder.SAFETENSORS_INDEX);
            return new ModelFiles(small, List.of(), true);
        }
        List<String> weights = topLevel.contains("model.safetensors")
                ? List.of("model.safetensors")
                : topLevel.stream().filter(f -> f.endsWith(".safetensors")).toList();
        if (weights.isEmpty()) {
            if (topLevel.stream().anyMatch(ModelFolder::isPickle)) {
                throw new HubException(HubException.Reason.INVALID_MODEL, ModelFolder.pickleMessage(repoId),
                        "no *.safetensors in " + repoId + "; files: " + topLevel, null);
            }
            throw new HubException(HubException.Reason.INVALID_MODEL, Message.of("hub.repo.noSafetensors", repoId),
                    "files: " + topLevel, null);
        }
        return new ModelFiles(small, weights, false);
    }
}
