import { RolloutOverview } from '@/components/checklist/rollout-overview';

export const metadata = { title: 'Rollout · Lockstep' };

/** Every namespace's progress through the eight-step audit-mode rollout. */
export default function RolloutPage() {
  return (
    <div>
      <h1 className="mb-3 text-xl font-semibold">Rollout</h1>
      <RolloutOverview />
    </div>
  );
}
