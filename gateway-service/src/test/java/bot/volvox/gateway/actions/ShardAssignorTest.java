package bot.volvox.gateway.actions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader's assignment of {@code discord.action} partitions to gateway replicas by the shards they hold. */
class ShardAssignorTest {
    private static final String TOPIC = "discord.action";

    private static Subscription member(int total, String ids) {
        var assignor = new ShardAssignor();
        assignor.configure(Map.of(ShardAssignor.SHARD_TOTAL, Integer.toString(total), ShardAssignor.SHARD_IDS, ids));
        return new Subscription(List.of(TOPIC), assignor.subscriptionUserData(Set.of(TOPIC)));
    }

    private static Map<String, List<Integer>> assign(int partitions, Map<String, Subscription> members) {
        Node node = new Node(0, "localhost", 9092);
        var infos = IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node})).toList();
        var cluster = new Cluster("c", List.of(node), infos, Set.of(), Set.of());
        var assignment = new ShardAssignor().assign(cluster, new GroupSubscription(members)).groupAssignment();
        var result = new java.util.TreeMap<String, List<Integer>>();
        assignment.forEach((member, a) -> result.put(member,
                a.partitions().stream().map(TopicPartition::partition).sorted().toList()));
        return result;
    }

    @Test
    void eachPartitionGoesToTheReplicaHoldingItsShard() {
        assertThat(assign(8, Map.of("a", member(4, "0,2"), "b", member(4, "1,3"))))
                .containsEntry("a", List.of(0, 2, 4, 6)).containsEntry("b", List.of(1, 3, 5, 7));
    }

    @Test
    void aShardWithoutItsReplicaWaitsInsteadOfGoingElsewhere() {
        assertThat(assign(4, Map.of("a", member(4, "0,1")))).containsEntry("a", List.of(0, 1));
    }

    @Test
    void aTotalThatDoesNotDivideThePartitionsGetsNothing() {
        assertThat(assign(4, Map.of("a", member(3, "0-2")))).containsEntry("a", List.of());
    }

    @Test
    void duringAReshardingRolloutOldAndNewTotalsShareThePartitions() {
        // 12 partitions, one pod still on 2 shards, two on 4: every partition has a holder, each exactly one
        var assigned = assign(12, Map.of("old", member(2, "0"), "new-1", member(4, "1,3"),
                "new-2", member(4, "0,2")));
        assertThat(assigned.values().stream().flatMap(List::stream).sorted().toList())
                .isEqualTo(IntStream.range(0, 12).boxed().toList());
        assertThat(assigned.get("new-1")).allMatch(p -> p % 2 == 1);
    }
}
