/// One loop's idle connections, least recently idle first: the candidates for closing when
/// descriptors or connection slots run out (nginx's reusable-connections queue).
///
/// A doubly linked list threaded through one array of slots, so appending and removing are
/// O(1) and no scan over all connections is needed: a connection keeps the slot `append`
/// gave it and hands it back to `remove`. Freed slots are reused; the array never shrinks
/// below the most connections idle at once (16 bytes a slot plus the id).
struct IdleConnections {
    struct Entry: Equatable {
        let id: UInt64
        /// When it became idle (monotonic milliseconds).
        let since: Int64
    }

    private struct Node {
        var entry: Entry
        var older: Int
        var newer: Int
        var inUse: Bool
    }

    private var nodes: [Node] = []
    private var freeSlots: [Int] = []
    private var oldestSlot = -1
    private var newestSlot = -1
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The connection idle the longest.
    var oldest: Entry? { oldestSlot < 0 ? nil : nodes[oldestSlot].entry }

    /// Adds `id` as the most recently idle; returns its slot, for `remove`.
    mutating func append(_ id: UInt64, since: Int64) -> Int {
        let node = Node(entry: Entry(id: id, since: since), older: newestSlot, newer: -1, inUse: true)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            nodes[slot] = node
        } else {
            slot = nodes.count
            nodes.append(node)
        }
        if newestSlot >= 0 { nodes[newestSlot].newer = slot } else { oldestSlot = slot }
        newestSlot = slot
        count += 1
        return slot
    }

    /// Takes the connection in `slot` out of the list (it is busy or closed now).
    mutating func remove(slot: Int) {
        precondition(nodes[slot].inUse, "idle slot \(slot) removed twice")
        let node = nodes[slot]
        if node.older >= 0 { nodes[node.older].newer = node.newer } else { oldestSlot = node.newer }
        if node.newer >= 0 { nodes[node.newer].older = node.older } else { newestSlot = node.older }
        nodes[slot].inUse = false
        freeSlots.append(slot)
        count -= 1
    }

    /// Every entry, oldest first (tests and diagnostics; O(n)).
    var entries: [Entry] {
        var result: [Entry] = []
        var slot = oldestSlot
        while slot >= 0 {
            result.append(nodes[slot].entry)
            slot = nodes[slot].newer
        }
        return result
    }
}
