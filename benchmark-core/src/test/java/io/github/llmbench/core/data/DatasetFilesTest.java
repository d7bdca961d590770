package io.github.llmbench.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.Dataset;
import io.github.llmbench.api.Endpoint;
import io.github.llmbench.api.RequestBuilders;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSONL datasets from real files: what is read, and every refusal naming the file, line, field and value. */
class DatasetFilesTest {
  @TempDir Path dir;

  private Path write(String content) throws Exception {
    Path file = dir.resolve("prompts.jsonl");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void readsChatAndPromptEntriesKeepingOtherMessageFields() throws Exception {
    Dataset d = DatasetFiles.readJsonl(write("""
        {"id": "a", "messages": [{"role": "system", "content": "S"}, {"role": "user", "name": "u1", "content": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "data:,x"}}]}], "max_tokens": 8}

        {"prompt": "Once upon a time", "output_tokens": 12}
        {"text": "AIPerf's name"}
        """));
    assertThat(d.size()).isEqualTo(3);
    Dataset.Entry.Chat chat = (Dataset.Entry.Chat) d.entries().get(0);
    assertThat(chat.messages()).hasSize(2);
    assertThat(chat.messages().get(1)).containsEntry("name", "u1");
    assertThat(chat.maxTokens()).hasValue(8);
    assertThat(chat.text()).isEqualTo("Shi");
    assertThat(chat.images()).isEqualTo(1);
    assertThat(d.entries().get(1)).isEqualTo(Dataset.Entry.prompt("Once upon a time", OptionalInt.of(12)));
    assertThat(d.entries().get(2)).isEqualTo(Dataset.Entry.prompt("AIPerf's name", OptionalInt.empty()));
    assertThat(d.allPrompts()).isFalse();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"messages": [{"role": 42, "content": "x"}]}                       | line 3: messages[0].role (42) should be a string
      {"messages": [{"role": "user", "content": "x"}, 7]}                | line 3: messages[1] (7) should be an object
      {"messages": [{"role": "user"}]}                                   | line 3: messages[0].content is missing
      {"messages": [{"role": "user", "content": 5}]}                     | line 3: messages[0].content (5) should be a string or an array of parts
      {"messages": [{"role": "user", "content": [{"text": "x"}]}]}       | line 3: messages[0].content[0] ({text=x}) should be an object with a string type
      {"messages": []}                                                   | line 3: messages ([]) should hold at least one message
      {"messages": "hello"}                                              | line 3: messages ("hello") should be an array of messages
      {"prompt": 42}                                                     | line 3: prompt (42) should be a string
      {"prompt": "x", "max_tokens": -1}                                  | line 3: max_tokens (-1) should be a positive integer
      {"prompt": "x", "max_tokens": 2.5}                                 | line 3: max_tokens (2.5) should be a positive integer
      {"prompt": "x", "max_tokens": "9"}                                 | line 3: max_tokens ("9") should be a positive integer
      {"prompt": "x", "max_tokens": 9, "output_tokens": 9}               | line 3: has both max_tokens and output_tokens; give one output limit
      {"prompt": "x", "messages": []}                                    | line 3: has both messages and prompt; give one of them
      {"question": "x", "answer": "y"}                                   | line 3: has neither messages nor prompt (fields: [question, answer])
      ["prompt"]                                                         | line 3: (["prompt"]) should be a JSON object
      {"prompt": "x"} {"prompt": "y"}                                    | line 3: not JSON
      {"prompt": "x", "prompt": "y"}                                     | line 3: not JSON: Duplicate field 'prompt'
      {"prompt": "unterminated                                           | line 3: not JSON
      """)
  void aBadLineIsRefusedNamingFileLineFieldAndValue(String badLine, String message) throws Exception {
    Path file = write("{\"prompt\": \"fine\"}\n\n" + badLine.strip() + "\n{\"prompt\": \"after\"}\n");
    assertThatThrownBy(() -> DatasetFiles.readJsonl(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dataset " + file + " " + message);
  }

  @Test
  void anEmptyOrBlankFileIsRefused() throws Exception {
    Path empty = write("");
    assertThatThrownBy(() -> DatasetFiles.readJsonl(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset " + empty + " has no entries (the file is empty or blank)");
    Path blank = write("\n  \n");
    assertThatThrownBy(() -> DatasetFiles.readJsonl(blank)).hasMessageContaining("has no entries");
  }

  @Test
  void aMissingFileIsAnIoError() {
    assertThatThrownBy(() -> DatasetFiles.readJsonl(dir.resolve("nope.jsonl"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void chatMessagesCannotGoToCompletions() throws Exception {
    Dataset d = DatasetFiles.readJsonl(write("{\"prompt\": \"a\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"b\"}]}\n"));
    assertThatThrownBy(() -> RequestBuilders.dataset(d).endpoint(Endpoint.COMPLETIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoint (COMPLETIONS) needs prompts, but dataset " + d.name() + " holds chat messages (entry 2)");
  }
}
