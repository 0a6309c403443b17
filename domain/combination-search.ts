// Which of a customer's open invoices add up to a payment, when the payer said nothing: a bounded
// depth-first search for subsets whose amounts sum to the target or up to `shortBy` under it. (A payment
// a bank fee short is matched by invoices summing to more than it: search with target = payment + fee
// and shortBy = fee.) It stops at two solutions (one is only trusted when it is the only one) or when its
// step budget runs out (then it says it was incomplete, and a person decides).

export interface CombinationSearch {
  solutions: number[][]; // indexes into the amounts, each ascending
  complete: boolean;
}

export function findCombinations(amounts: readonly number[], target: number, options: { maxItems: number; maxSteps: number; shortBy?: number }): CombinationSearch {
  const shortBy = options.shortBy ?? 0;
  // Largest first prunes fastest; remember the original positions.
  const order = amounts.map((amount, index) => ({ amount, index })).filter((a) => a.amount > 0).sort((a, b) => b.amount - a.amount);
  const suffix: number[] = new Array(order.length + 1).fill(0);
  for (let i = order.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + order[i]!.amount;
  const solutions: number[][] = [];
  const chosen: number[] = [];
  let steps = 0;
  let complete = true;

  function walk(start: number, remaining: number): boolean {
    if (remaining <= shortBy && remaining >= 0 && chosen.length > 0) {
      solutions.push(chosen.map((i) => order[i]!.index).sort((a, b) => a - b));
      if (solutions.length >= 2) return false;
      if (remaining === 0) return true; // adding more would overshoot
    }
    if (chosen.length >= options.maxItems) return true;
    for (let i = start; i < order.length; i++) {
      if (++steps > options.maxSteps) { complete = false; return false; }
      const amount = order[i]!.amount;
      if (amount > remaining) continue;
      if (suffix[i]! < remaining - shortBy) return true; // everything left cannot reach the target
      chosen.push(i);
      const go = walk(i + 1, remaining - amount);
      chosen.pop();
      if (!go) return false;
    }
    return true;
  }

  walk(0, target);
  return { solutions, complete: complete || solutions.length >= 2 };
}
