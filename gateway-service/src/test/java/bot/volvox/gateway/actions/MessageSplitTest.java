package bot.volvox.gateway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.platform.contract.ActionParams;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.selections.EntitySelectMenu;
import net.dv8tion.jda.api.components.selections.SelectOption;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

class MessageSplitTest {
    @Test
    void longContentIsSplitAtLineBoundariesIntoChunksOfAtMost2000() {
        String line = "word ".repeat(19) + "end\n"; // 99 characters
        String content = line.repeat(50);

        List<MessageCreateData> messages = ActionExecutor.messages(ActionParams.MessageBody.text(content));

        assertThat(messages).hasSizeGreaterThan(2);
        assertThat(messages).allSatisfy(m -> assertThat(m.getContent().length()).isLessThanOrEqualTo(2000));
        assertThat(messages).allSatisfy(m -> assertThat(m.getContent()).endsWith("end"));
        assertThat(String.join("\n", messages.stream().map(MessageCreateData::getContent).toList()))
                .isEqualTo(content.strip());
    }

    @Test
    void aSingleHugeWordIsStillCutAndEmbedsRideOnTheLastChunk() {
        var embed = new ActionParams.Embed("t", "d", 0xFF0000, List.of(), null, null, null);
        var body = new ActionParams.MessageBody("x".repeat(4500), List.of(embed), List.of());

        List<MessageCreateData> messages = ActionExecutor.messages(body);

        assertThat(messages).extracting(m -> m.getContent().length()).containsExactly(2000, 2000, 500);
        assertThat(messages.get(0).getEmbeds()).isEmpty();
        assertThat(messages.get(2).getEmbeds()).hasSize(1);
    }

    @Test
    void filesRideOnTheLastChunkWithTheirNameAndBytes() throws Exception {
        var body = ActionParams.MessageBody.withFile("y".repeat(2500), "voice.csv",
                "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        List<MessageCreateData> messages = ActionExecutor.messages(body);

        assertThat(messages.get(0).getFiles()).isEmpty();
        assertThat(messages.get(1).getFiles()).singleElement().satisfies(file -> {
            assertThat(file.getName()).isEqualTo("voice.csv");
            assertThat(new String(file.getData().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("a,b\n1,2\n");
        });
    }

    @Test
    void aBodyRefusesFilesThatWouldNotFitInAKafkaRecord() {
        byte[] tooBig = new byte[ActionParams.MessageBody.MAX_ATTACHMENT_BYTES + 1];
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ActionParams.MessageBody.withFile("x", "big.bin", tooBig))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed");
    }

    @Test
    void onlyUserMentionsAreAllowed() {
        var message = ActionExecutor.messages(ActionParams.MessageBody.text("@everyone hi")).get(0);
        assertThat(message.getAllowedMentions()).isEqualTo(EnumSet.of(Message.MentionType.USER));
    }

    @Test
    void selectMenusGoOnRowsOfTheirOwnAfterTheButtons() {
        var body = new ActionParams.MessageBody("pick", List.of(),
                List.of(new ActionParams.Button("b1", "Done", ActionParams.ButtonStyle.PRIMARY)),
                List.of(new ActionParams.SelectMenu("menu:kind", ActionParams.SelectMenuType.STRING, "Kind",
                                List.of(new ActionParams.SelectOption("Bans", "bans", "ban, tempban"),
                                        new ActionParams.SelectOption("Kicks", "kicks", null))),
                        new ActionParams.SelectMenu("menu:channel", ActionParams.SelectMenuType.CHANNEL, "Channel",
                                List.of())));

        var rows = ActionExecutor.messages(body).get(0).getComponents().stream()
                .map(component -> (ActionRow) component).toList();

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getComponents().get(0)).isInstanceOf(Button.class);
        StringSelectMenu kinds = (StringSelectMenu) rows.get(1).getComponents().get(0);
        assertThat(kinds.getCustomId()).isEqualTo("menu:kind");
        assertThat(kinds.getOptions()).extracting(SelectOption::getValue).containsExactly("bans", "kicks");
        EntitySelectMenu channels = (EntitySelectMenu) rows.get(2).getComponents().get(0);
        assertThat(channels.getCustomId()).isEqualTo("menu:channel");
        assertThat(channels.getEntityTypes()).containsExactly(EntitySelectMenu.SelectTarget.CHANNEL);
    }
}
