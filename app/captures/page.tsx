import { CaptureUpload } from '@/components/flows/capture-upload';

export default function CapturesPage() {
  return <CaptureUpload />;
}
