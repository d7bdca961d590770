package io.github.llmbench.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the simulated server models: one model served by a vLLM-like engine with continuous batching.
 *
 * <p><b>Engine.</b> A single engine thread runs steps. Before each step it admits waiting requests (FIFO) until
 * {@code maxRunningSequences} are running. A step lasts {@code stepBaseTime + stepTimePerSequence × running} plus
 * {@code prefillTimePerToken × prompt tokens} of the sequences admitted in that step, all multiplied by
 * {@code timeScale} (and by {@code 1 ± jitter}, drawn from {@code seed}, when jitter is set). At the end of a step
 * every running sequence emits one token; a sequence finishes after exactly {@code max_tokens} tokens (the request's
 * {@code max_tokens}/{@code max_completion_tokens}, else {@code defaultMaxTokens}). A request that arrives while
 * {@code maxRunningSequences + maxWaitingRequests} requests are already running or waiting is rejected at once
 * with {@code rejectStatus}.
 *
 * <p><b>Prompt tokens.</b> {@code max(1, ceil(c / 4)) + tokensPerImage × images}, where {@code c} is the number of
 * characters (Unicode code points) of all text: every message's string content and every {@code "text"} part for
 * chat, the prompt string for completions (a prompt given as token ids counts one token per id). Every
 * {@code image_url} / {@code image} part counts as one image. No chat-template overhead is added.
 *
 * <p><b>Defaults</b> ({@link #defaults()}) are chosen so the unified quick preset takes about a minute and shows
 * every status: 10 ms base step + 0.2 ms per running sequence (≈ 23 ms at 64 running), 0.03 ms per prompt token
 * of prefill (≈ 33k tokens/s), 64 running + 64 waiting (so the c=300 and c=500 saturation steps see rejections).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the API key.
 *
 * @param model the served model name ({@code /v1/models}, and the only {@code model} accepted)
 * @param maxModelLen context length; prompt + max_tokens beyond it gets HTTP 400 like vLLM (default 32768)
 * @param maxRunningSequences most sequences in one batch (vLLM's {@code max_num_seqs}; default 64)
 * @param maxWaitingRequests most requests queued behind the batch before new ones are rejected (default 64)
 * @param rejectStatus status of a rejection: 503 (default) or 429
 * @param stepBaseTime engine step time with one running sequence, before scaling (default 10 ms)
 * @param stepTimePerSequence step time added per running sequence, before scaling (default 0.2 ms)
 * @param prefillTimePerToken step time added per prompt token of a newly admitted sequence (default 0.03 ms)
 * @param tokensPerImage prompt tokens each image adds (default 576, a LLaVA-1.5 336×336 image)
 * @param timeScale factor applied to every engine time; 1.0 is vLLM-like, 0.01 is 100× faster (default 1.0)
 * @param jitter relative step-time jitter in {@code [0, 1)}; 0 (default) makes the engine deterministic
 * @param seed seed of the jitter, the fault draws and the response ids (default 42)
 * @param defaultMaxTokens tokens generated when a request does not say (default 16, vLLM's completions default)
 * @param requireApiKey when non-null, {@code /v1/*} requests without {@code Authorization: Bearer <key>} get 401
 * @param maxConnections most simultaneous client connections (one thread each; default 2048)
 * @param faults injected faults, off by default
 * @param kvCacheTokens size of the modelled KV cache in tokens; 0 (default) models none, so only
 *     {@code maxRunningSequences} limits the batch. When set, a running sequence holds its prompt and produced tokens,
 *     the queue's head joins only when it fits, and the engine preempts (vLLM's recompute mode) when the next step's
 *     tokens would not fit; see {@code vllm:kv_cache_usage_perc} and {@code vllm:num_preemptions_total}
 * @param metricsEnabled whether {@code GET /metrics} serves vLLM's Prometheus metrics (default true); false
 *     answers 404, like a server without metrics
 * @param reasoningTokens when positive, the model reasons: a chat answer starts with this many reasoning tokens
 *     (at most its {@code max_tokens}, which they count against), sent as vLLM's reasoning deltas, unless the
 *     request sets {@code chat_template_kwargs.enable_thinking: false} (default 0: not a reasoning model)
 * @param reasoningField the delta and message field reasoning goes in: {@code "reasoning_content"} (vLLM 0.7 to
 *     0.11, the default, as the rest of the simulator's shapes) or {@code "reasoning"} (vLLM 0.16 and later)
 */
public record SimulatorConfig(
    String model,
    int maxModelLen,
    int maxRunningSequences,
    int maxWaitingRequests,
    int rejectStatus,
    Duration stepBaseTime,
    Duration stepTimePerSequence,
    Duration prefillTimePerToken,
    int tokensPerImage,
    double timeScale,
    double jitter,
    long seed,
    int defaultMaxTokens,
    @Nullable String requireApiKey,
    int maxConnections,
    FaultConfig faults,
    long kvCacheTokens,
    boolean metricsEnabled,
    int reasoningTokens,
    String reasoningField) {

  /** The served model name unless configured otherwise. */
  public static final String DEFAULT_MODEL = "llmbench/simulated-llm";

  private static final SimulatorConfig DEFAULTS = new SimulatorConfig(
      DEFAULT_MODEL, 32768, 64, 64, 503,
      Duration.ofMillis(10), Duration.ofNanos(200_000), Duration.ofNanos(30_000),
      576, 1.0, 0.0, 42L, 16, null, 2048, FaultConfig.none(), 0L, true, 0, "reasoning_content");

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException if a field is out of range; the message names the field and the value
   * @throws NullPointerException if a non-nullable field is null
   */
  public SimulatorConfig {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model ('" + model + "') should not be blank");
    }
    positive("maxModelLen", maxModelLen);
    positive("maxRunningSequences", maxRunningSequences);
    if (maxWaitingRequests < 0) {
      throw new IllegalArgumentException("maxWaitingRequests (" + maxWaitingRequests + ") should not be negative");
    }
    if (rejectStatus != 503 && rejectStatus != 429) {
      throw new IllegalArgumentException("rejectStatus (" + rejectStatus + ") should be 503 or 429");
    }
    FaultConfig.checkDuration("stepBaseTime", stepBaseTime);
    FaultConfig.checkDuration("stepTimePerSequence", stepTimePerSequence);
    FaultConfig.checkDuration("prefillTimePerToken", prefillTimePerToken);
    if (tokensPerImage < 0) {
      throw new IllegalArgumentException("tokensPerImage (" + tokensPerImage + ") should not be negative");
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "timeScale (%s) should be positive and finite", timeScale));
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "jitter (%s) should be in [0, 1)", jitter));
    }
    positive("defaultMaxTokens", defaultMaxTokens);
    if (requireApiKey != null && requireApiKey.isBlank()) {
      throw new IllegalArgumentException("requireApiKey should be null or non-blank");
    }
    positive("maxConnections", maxConnections);
    Objects.requireNonNull(faults, "faults");
    if (kvCacheTokens < 0) {
      throw new IllegalArgumentException("kvCacheTokens (" + kvCacheTokens + ") should not be negative");
    }
    if (reasoningTokens < 0) {
      throw new IllegalArgumentException("reasoningTokens (" + reasoningTokens + ") should not be negative");
    }
    if (!"reasoning_content".equals(reasoningField) && !"reasoning".equals(reasoningField)) {
      throw new IllegalArgumentException("reasoningField (" + reasoningField + ") should be reasoning_content or "
          + "reasoning");
    }
  }

  /** @return the default configuration (see the class description) */
  public static SimulatorConfig defaults() {
    return DEFAULTS;
  }

  /** @return a builder starting from {@link #defaults()} */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** @return a builder starting from this configuration */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return the number of requests that may be running or waiting at once; one more is rejected */
  public int capacity() {
    return maxRunningSequences + maxWaitingRequests;
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " (" + value + ") should be positive");
    }
  }

  /** Like the generated one, but the API key is masked. */
  @Override
  public String toString() {
    return "SimulatorConfig[model=" + model + ", maxModelLen=" + maxModelLen
        + ", maxRunningSequences=" + maxRunningSequences + ", maxWaitingRequests=" + maxWaitingRequests
        + ", rejectStatus=" + rejectStatus + ", stepBaseTime=" + stepBaseTime
        + ", stepTimePerSequence=" + stepTimePerSequence + ", prefillTimePerToken=" + prefillTimePerToken
        + ", tokensPerImage=" + tokensPerImage + ", timeScale=" + timeScale + ", jitter=" + jitter
        + ", seed=" + seed + ", defaultMaxTokens=" + defaultMaxTokens
        + ", requireApiKey=" + (requireApiKey == null ? "null" : "***")
        + ", maxConnections=" + maxConnections + ", faults=" + faults + ", kvCacheTokens=" + kvCacheTokens
        + ", metricsEnabled=" + metricsEnabled + ", reasoningTokens=" + reasoningTokens + ", reasoningField="
        + reasoningField + "]";
  }

  /** Mutable builder; {@link #build()} validates and returns an immutable {@link SimulatorConfig}. */
  public static final class Builder {
    private String model;
    private int maxModelLen;
    private int maxRunningSequences;
    private int maxWaitingRequests;
    private int rejectStatus;
    private Duration stepBaseTime;
    private Duration stepTimePerSequence;
    private Duration prefillTimePerToken;
    private int tokensPerImage;
    private double timeScale;
    private double jitter;
    private long seed;
    private int defaultMaxTokens;
    private @Nullable String requireApiKey;
    private int maxConnections;
    private FaultConfig faults;
    private long kvCacheTokens;
    private boolean metricsEnabled;
    private int reasoningTokens;
    private String reasoningField;

    private Builder(SimulatorConfig c) {
      model = c.model;
      maxModelLen = c.maxModelLen;
      maxRunningSequences = c.maxRunningSequences;
      maxWaitingRequests = c.maxWaitingRequests;
      rejectStatus = c.rejectStatus;
      stepBaseTime = c.stepBaseTime;
      stepTimePerSequence = c.stepTimePerSequence;
      prefillTimePerToken = c.prefillTimePerToken;
      tokensPerImage = c.tokensPerImage;
      timeScale = c.timeScale;
      jitter = c.jitter;
      seed = c.seed;
      defaultMaxTokens = c.defaultMaxTokens;
      requireApiKey = c.requireApiKey;
      maxConnections = c.maxConnections;
      faults = c.faults;
      kvCacheTokens = c.kvCacheTokens;
      metricsEnabled = c.metricsEnabled;
      reasoningTokens = c.reasoningTokens;
      reasoningField = c.reasoningField;
    }

    /** @param v served model name @return this builder */
    public Builder model(String v) {
      model = v;
      return this;
    }

    /** @param v context length in tokens @return this builder */
    public Builder maxModelLen(int v) {
      maxModelLen = v;
      return this;
    }

    /** @param v most running sequences @return this builder */
    public Builder maxRunningSequences(int v) {
      maxRunningSequences = v;
      return this;
    }

    /** @param v most waiting requests @return this builder */
    public Builder maxWaitingRequests(int v) {
      maxWaitingRequests = v;
      return this;
    }

    /** @param v 503 or 429 @return this builder */
    public Builder rejectStatus(int v) {
      rejectStatus = v;
      return this;
    }

    /** @param v step time at batch size 1, before scaling @return this builder */
    public Builder stepBaseTime(Duration v) {
      stepBaseTime = v;
      return this;
    }

    /** @param v step time added per running sequence, before scaling @return this builder */
    public Builder stepTimePerSequence(Duration v) {
      stepTimePerSequence = v;
      return this;
    }

    /** @param v prefill time per prompt token, before scaling @return this builder */
    public Builder prefillTimePerToken(Duration v) {
      prefillTimePerToken = v;
      return this;
    }

    /** @param v prompt tokens per image @return this builder */
    public Builder tokensPerImage(int v) {
      tokensPerImage = v;
      return this;
    }

    /** @param v factor applied to every engine time @return this builder */
    public Builder timeScale(double v) {
      timeScale = v;
      return this;
    }

    /** @param v relative step-time jitter in [0, 1) @return this builder */
    public Builder jitter(double v) {
      jitter = v;
      return this;
    }

    /** @param v seed of jitter, faults and ids @return this builder */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** @param v tokens generated when a request does not set max_tokens @return this builder */
    public Builder defaultMaxTokens(int v) {
      defaultMaxTokens = v;
      return this;
    }

    /** @param v required bearer key, or null for none @return this builder */
    public Builder requireApiKey(@Nullable String v) {
      requireApiKey = v;
      return this;
    }

    /** @param v most simultaneous connections @return this builder */
    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    /** @param v injected faults @return this builder */
    public Builder faults(FaultConfig v) {
      faults = v;
      return this;
    }

    /** @param v KV cache size in tokens, 0 for no KV cache model @return this builder */
    public Builder kvCacheTokens(long v) {
      kvCacheTokens = v;
      return this;
    }

    /** @param v whether {@code GET /metrics} is served (false: 404) @return this builder */
    public Builder metricsEnabled(boolean v) {
      metricsEnabled = v;
      return this;
    }

    /** @param v reasoning tokens before each chat answer, 0 for a model that does not reason @return this builder */
    public Builder reasoningTokens(int v) {
      reasoningTokens = v;
      return this;
    }

    /** @param v {@code "reasoning_content"} (vLLM 0.11) or {@code "reasoning"} (vLLM 0.16+) @return this builder */
    public Builder reasoningField(String v) {
      reasoningField = v;
      return this;
    }

    /**
     * @return a validated, immutable configuration
     * @throws IllegalArgumentException if a field is out of range
     */
    public SimulatorConfig build() {
      return new SimulatorConfig(model, maxModelLen, maxRunningSequences, maxWaitingRequests, rejectStatus,
          stepBaseTime, stepTimePerSequence, prefillTimePerToken, tokensPerImage, timeScale, jitter, seed,
          defaultMaxTokens, requireApiKey, maxConnections, faults, kvCacheTokens, metricsEnabled, reasoningTokens,
          reasoningField);
    }
  }
}
