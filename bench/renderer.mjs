// Placeholder until the renderer benchmark lands (issue 3): says so instead of inventing figures.
export async function runRendererBench() {
  throw new Error('the renderer benchmark is not written yet');
}
