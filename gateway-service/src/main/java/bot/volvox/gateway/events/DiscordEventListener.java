package bot.volvox.gateway.events;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import bot.volvox.platform.contract.DiscordEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberRemoveEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberUpdateEvent;
import net.dv8tion.jda.api.events.guild.voice.GuildVoiceUpdateEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * Message, reaction, voice and member events → Kafka. The bot's own messages and reactions are not published: every
 * consumer would have to ignore them (the original bot dropped them first thing too), and they would feed the AI its
 * own answers.
 */
@Singleton
public class DiscordEventListener extends ListenerAdapter {
    @Inject
    EventPublisher publisher;

    @Inject
    MemberDirectory members;

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        if (event.getAuthor().getIdLong() == event.getJDA().getSelfUser().getIdLong()) {
            return;
        }
        publisher.publishInBackground(EventMapper.messageCreated(event));
    }

    @Override
    public void onMessageUpdate(MessageUpdateEvent event) {
        if (event.getAuthor().getIdLong() == event.getJDA().getSelfUser().getIdLong()) {
            return;
        }
        publisher.publishInBackground(EventMapper.messageUpdated(event));
    }

    @Override
    public void onMessageDelete(MessageDeleteEvent event) {
        publisher.publishInBackground(EventMapper.messageDeleted(event));
    }

    @Override
    public void onMessageReactionAdd(MessageReactionAddEvent event) {
        if (event.getUserIdLong() == event.getJDA().getSelfUser().getIdLong()) {
            return;
        }
        publisher.publishInBackground(EventMapper.reactionAdded(event));
    }

    @Override
    public void onMessageReactionRemove(MessageReactionRemoveEvent event) {
        if (event.getUserIdLong() == event.getJDA().getSelfUser().getIdLong()) {
            return;
        }
        publisher.publishInBackground(EventMapper.reactionRemoved(event));
    }

    @Override
    public void onGuildVoiceUpdate(GuildVoiceUpdateEvent event) {
        DiscordEvent voice = EventMapper.voice(event);
        if (voice != null) {
            publisher.publishInBackground(voice);
        }
    }

    /**
     * Who is in voice, per guild, whenever a session is (again) in step with Discord: the joins and leaves that
     * happened while the gateway was away or restarting are never sent as events, so consumers reconcile from this.
     * A first ready fires per guild; a resume or a re-created session covers every guild of its shard.
     */
    @Override
    public void onGuildReady(GuildReadyEvent event) {
        publisher.publishInBackground(EventMapper.voiceSnapshot(event.getGuild()));
    }

    @Override
    public void onSessionResume(SessionResumeEvent event) {
        event.getJDA().getGuildCache().forEach(guild -> publisher.publishInBackground(EventMapper.voiceSnapshot(guild)));
    }

    @Override
    public void onSessionRecreate(SessionRecreateEvent event) {
        event.getJDA().getGuildCache().forEach(guild -> publisher.publishInBackground(EventMapper.voiceSnapshot(guild)));
    }

    @Override
    public void onGuildMemberJoin(GuildMemberJoinEvent event) {
        members.remember(event.getMember());
        publisher.publishInBackground(EventMapper.memberJoined(event));
    }

    @Override
    public void onGuildMemberRemove(GuildMemberRemoveEvent event) {
        members.forget(event.getGuild().getId(), event.getUser().getId());
        publisher.publishInBackground(EventMapper.memberLeft(event));
    }

    @Override
    public void onGuildMemberUpdate(GuildMemberUpdateEvent event) {
        members.remember(event.getMember());
        publisher.publishInBackground(EventMapper.memberUpdated(event));
    }
}
