package io.stillwatch.detect.campaign;

/**
 * Union-find with path halving and union by size (Tarjan, "Efficiency of a good but not linear set
 * union algorithm", JACM 1975): groups linked accounts into campaigns in near-linear time.
 */
public final class DisjointSets {
    private final int[] parent;
    private final int[] size;

    public DisjointSets(int n) {
        parent = new int[n];
        size = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            size[i] = 1;
        }
    }

    public int find(int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    public void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return;
        }
        if (size[ra] < size[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        size[ra] += size[rb];
    }

    public int size(int x) {
        return size[find(x)];
    }
}
