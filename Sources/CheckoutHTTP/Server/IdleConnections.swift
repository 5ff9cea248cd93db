/// One loop's connections, least recently idle first as of when each was filed: where the
/// loop looks for connections to close when descriptors or connection slots run out (nginx's
/// reusable-connections queue; `EventLoop+Reclaim.swift` keeps it lazily).
///
/// A doubly linked list threaded through one array of slots, so appending, removing and
/// taking the oldest are O(1) and no scan over all connections is needed: a connection keeps
/// the slot `append` gave it and hands it back to `remove`. Freed slots are reused; the array
/// never shrinks below the most connections filed at once (40 bytes a slot).
struct IdleConnections {
    struct Entry: Equatable {
        let id: UInt64
        /// When it was idle since, as filed (monotonic milliseconds).
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

    /// Takes the oldest entry out of the list.
    mutating func popOldest() -> Entry? {
        guard oldestSlot >= 0 else { return nil }
        let entry = nodes[oldestSlot].entry
        remove(slot: oldestSlot)
        return entry
    }

    /// Takes the connection in `slot` out of the list (it is closed now).
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
