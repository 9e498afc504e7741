import type { Metadata } from 'next';
import Link from 'next/link';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: 'Lockstep',
  description: 'The Cilium policy audit-mode rollout dashboard',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <header className="bg-slate-900 text-white">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-2.5 text-sm" aria-label="Main">
            <Link href="/" className="text-base font-semibold tracking-tight">Lockstep</Link>
            <Link href="/" className="text-slate-300 hover:text-white">Namespaces</Link>
            <Link href="/rollout" className="text-slate-300 hover:text-white">Rollout</Link>
            <Link href="/captures" className="text-slate-300 hover:text-white">Import capture</Link>
          </nav>
        </header>
        <Providers>
          <main className="mx-auto max-w-7xl px-4 py-5">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
