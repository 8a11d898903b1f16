<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>CardScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <translation>마이넘버 카드를 리더기 위에 올려 주세요</translation>
    </message>
    <message>
        <source>Leave it there until your name appears. You can also scan your library card instead.</source>
        <translation>이름이 표시될 때까지 그대로 두세요. 도서관 카드를 스캔해도 됩니다.</translation>
    </message>
    <message>
        <source>Reading your card… please leave it on the reader.</source>
        <translation>카드를 읽는 중입니다… 리더기에서 떼지 마세요.</translation>
    </message>
    <message>
        <source>Only the card&apos;s electronic certificate is checked. Your My Number is never read.</source>
        <translation>카드의 전자증명서만 확인합니다. 마이넘버(개인번호)는 절대 읽지 않습니다.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
</context>
<context>
    <name>FinishQuestion</name>
    <message>
        <source>Finished, %1?</source>
        <translation>%1 님, 다 마치셨나요?</translation>
    </message>
    <message>
        <source>Another library card (%1) was scanned. If you are done, press Finish; the next person can then scan their card. To borrow more, press Continue.</source>
        <translation>다른 도서관 카드(%1)가 읽혔습니다. 다 마치셨다면 &apos;대출 완료&apos;를 눌러 주세요. 다음 분이 카드를 읽힐 수 있습니다. 더 빌리시려면 &apos;계속하기&apos;를 눌러 주세요.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>대출 완료</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>계속하기</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>이용해 주셔서 감사합니다</translation>
    </message>
    <message numerus="yes">
        <source>You borrowed %n item(s).</source>
        <translation>
            <numerusform>%n권을 대출했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You renewed %n item(s).</source>
        <translation>
            <numerusform>%n권을 연장했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>자료 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>반납 기한 %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>연장되었습니다. 반납 기한 %1</translation>
    </message>
    <message>
        <source>Nothing was borrowed.</source>
        <translation>대출한 자료가 없습니다.</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>영수증을 가져가세요.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Please scan your library card</source>
        <translation>도서관 카드를 스캔해 주세요</translation>
    </message>
    <message>
        <source>Hold the barcode of your card (or your phone&apos;s screen) under the scanner.</source>
        <translation>카드(또는 휴대폰 화면)의 바코드를 스캐너 아래에 대 주세요.</translation>
    </message>
    <message>
        <source>Scan your library card, or its barcode on your phone</source>
        <translation>도서관 카드나 휴대폰에 표시한 바코드를 스캔합니다</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan each barcode</source>
        <translation>자료를 인식대에 올려놓거나 바코드를 하나씩 스캔해 주세요</translation>
    </message>
    <message>
        <source>Scan each item&apos;s barcode, one at a time</source>
        <translation>빌릴 자료의 바코드를 한 권씩 스캔합니다</translation>
    </message>
    <message>
        <source>Press Finish and take your receipt</source>
        <translation>&apos;대출 완료&apos;를 누르고 영수증을 받으세요</translation>
    </message>
    <message>
        <source>Press Finish when you are done</source>
        <translation>다 끝나면 &apos;대출 완료&apos;를 누릅니다</translation>
    </message>
    <message>
        <source>Use a My Number card</source>
        <translation>마이넘버 카드 사용</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? This session ends in %1 seconds.</source>
        <translation>아직 이용 중이신가요? %1초 후에 종료됩니다.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>계속하기</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>글자 크게</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>고대비 화면</translation>
    </message>
    <message>
        <source>Working offline: your loans are recorded here and sent to the library system later.</source>
        <translation>지금은 오프라인으로 대출하고 있습니다. 대출 기록은 이 기기에 저장되었다가 나중에 도서관 시스템으로 전송됩니다.</translation>
    </message>
</context>
<context>
    <name>LoanRow</name>
    <message>
        <source>Item %1</source>
        <translation>자료 %1</translation>
    </message>
    <message>
        <source>Renewed; still due back %1 (a renewal counts from today)</source>
        <translation>연장했습니다. 반납 기한은 그대로 %1입니다(연장은 오늘부터 계산합니다)</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>연장되었습니다. 반납 기한 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>반납 기한 %1</translation>
    </message>
    <message>
        <source>Borrowed recently: a renewal today would not give a later due date.</source>
        <translation>최근에 빌린 자료입니다. 오늘 연장해도 반납 기한이 늦춰지지 않습니다.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item, so it cannot be renewed.</source>
        <translation>예약자가 있어 연장할 수 없습니다.</translation>
    </message>
    <message>
        <source>This item is overdue. Please return it or ask at the counter.</source>
        <translation>반납 기한이 지났습니다. 반납하시거나 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>Renew: due %1</source>
        <translation>연장하기 (반납 기한 %1)</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>연장하기</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <source>Your loans</source>
        <translation>대출 중인 자료</translation>
    </message>
    <message numerus="yes">
        <source>You have %n item(s) on loan.</source>
        <translation>
            <numerusform>%n권을 대출 중입니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <translation>대출 중인 자료가 없습니다.</translation>
    </message>
    <message>
        <source>Your loans cannot be shown while the library system is offline. Borrowing still works.</source>
        <translation>도서관 시스템에 연결할 수 없어 대출 중인 자료를 표시할 수 없습니다. 대출은 이용하실 수 있습니다.</translation>
    </message>
    <message>
        <source>This machine does not show loans. Please ask at the counter or use My Page.</source>
        <translation>이 기기에서는 대출 현황을 표시하지 않습니다. 안내 데스크나 도서관 홈페이지의 마이페이지(My Page)에서 확인해 주세요.</translation>
    </message>
    <message>
        <source>Back to borrowing</source>
        <translation>대출로 돌아가기</translation>
    </message>
</context>
<context>
    <name>MachineGuide</name>
    <message>
        <source>Barcode scanner</source>
        <translation>바코드 스캐너</translation>
    </message>
    <message>
        <source>Camera (for phones)</source>
        <translation>카메라 (휴대폰용)</translation>
    </message>
    <message>
        <source>My Number card reader</source>
        <translation>마이넘버 카드 리더기</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The barcode could not be read. Please scan it again, holding it still.</source>
        <translation>바코드를 읽지 못했습니다. 움직이지 말고 다시 한 번 대 주세요.</translation>
    </message>
    <message>
        <source>This barcode is not a library card or a library item.</source>
        <translation>도서관 카드나 도서관 자료의 바코드가 아닙니다.</translation>
    </message>
    <message>
        <source>The number was not read correctly. Please scan it again.</source>
        <translation>번호를 제대로 읽지 못했습니다. 다시 스캔해 주세요.</translation>
    </message>
    <message>
        <source>This card is an old type. Please have it renewed at the counter.</source>
        <translation>예전 카드라서 사용할 수 없습니다. 안내 데스크에서 새 카드로 바꿔 주세요.</translation>
    </message>
    <message>
        <source>Please scan your library card first, then your items.</source>
        <translation>먼저 도서관 카드를 스캔한 다음 자료를 스캔해 주세요.</translation>
    </message>
    <message>
        <source>This item is already on your list.</source>
        <translation>이 자료는 이미 목록에 있습니다.</translation>
    </message>
    <message>
        <source>You are already signed in. Please scan your items.</source>
        <translation>카드는 이미 읽었습니다. 자료를 스캔해 주세요.</translation>
    </message>
    <message>
        <source>That is the publisher&apos;s barcode. Please scan the library&apos;s label instead.</source>
        <translation>책의 ISBN 바코드입니다. 도서관 바코드 라벨을 스캔해 주세요.</translation>
    </message>
    <message>
        <source>This is not a library card. Please show your library card&apos;s barcode.</source>
        <translation>이것은 도서관 이용 카드가 아닙니다. 도서관 카드의 바코드를 보여 주세요.</translation>
    </message>
    <message>
        <source>This card is not registered. Please ask at the counter.</source>
        <translation>등록되지 않은 카드입니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>This card has been reported lost. Please ask at the counter.</source>
        <translation>분실 신고된 카드입니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>You have overdue items. Please return them first or ask at the counter.</source>
        <translation>반납 기한이 지난 자료가 있습니다. 먼저 반납하시거나 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>Borrowing is paused on your account. Please ask at the counter.</source>
        <translation>현재 대출이 정지되어 있습니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the counter.</source>
        <translation>지금은 대출할 수 없습니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>The PIN is not correct. Please try again or ask at the counter.</source>
        <translation>비밀번호가 틀렸습니다. 다시 입력하시거나 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>Your card has expired. Please have it renewed at the counter.</source>
        <translation>카드 유효기간이 지났습니다. 안내 데스크에서 갱신해 주세요.</translation>
    </message>
    <message>
        <source>Self-checkout is not available right now. Please ask at the counter.</source>
        <translation>지금은 자가대출기를 이용할 수 없습니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>This card cannot be checked right now. Please ask at the counter.</source>
        <translation>지금은 이 카드를 확인할 수 없습니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>This item cannot be borrowed here. Please take it to the counter.</source>
        <translation>이 자료는 자가대출기로 대출할 수 없습니다. 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>대출 가능한 권수를 모두 채웠습니다.</translation>
    </message>
    <message>
        <source>This item could not be lent right now. Please take it to the counter.</source>
        <translation>지금은 이 자료를 대출할 수 없습니다. 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>This item is for use in the library only.</source>
        <translation>이 자료는 관내 열람만 가능합니다(대출 불가).</translation>
    </message>
    <message>
        <source>This item is reserved for someone else. Please take it to the counter.</source>
        <translation>다른 이용자가 예약한 자료입니다. 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>This item is recorded as lent to someone else. Please take it to the counter.</source>
        <translation>다른 이용자에게 대출 중으로 기록된 자료입니다. 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>This item was borrowed from another library. Please take it to the counter.</source>
        <translation>다른 도서관에서 빌려 온 자료입니다. 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>This item is not in the library&apos;s catalogue. Please take it to the counter.</source>
        <translation>도서관 소장 자료로 등록되어 있지 않습니다. 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>This item has a loan recorded here that the library system has not accepted yet. Please ask the staff.</source>
        <translation>이 자료는 이 기기에 기록된 대출이 있으며 도서관 시스템에서 아직 확인되지 않았습니다. 직원에게 문의해 주세요.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item.</source>
        <translation>이 자료를 기다리는 예약자가 있습니다.</translation>
    </message>
    <message>
        <source>It has been renewed as many times as the library allows.</source>
        <translation>도서관이 허용하는 연장 횟수를 모두 사용했습니다.</translation>
    </message>
    <message>
        <source>It cannot be renewed yet: a renewal today would not give a later date.</source>
        <translation>아직 연장할 수 없습니다. 오늘 연장해도 반납 기한이 늦춰지지 않습니다.</translation>
    </message>
    <message>
        <source>It is past its due date. Please return it or ask at the counter.</source>
        <translation>반납 기한이 지났습니다. 반납하시거나 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>Items of this kind cannot be renewed.</source>
        <translation>이 종류의 자료는 연장할 수 없습니다.</translation>
    </message>
    <message>
        <source>It has reached the longest time an item may be kept.</source>
        <translation>자료를 빌릴 수 있는 최대 기간에 이르렀습니다.</translation>
    </message>
    <message>
        <source>It is not on loan to you. Please ask at the counter.</source>
        <translation>이 자료는 회원님께 대출된 자료가 아닙니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit for this machine. Please take the rest to the counter.</source>
        <translation>오늘 이 기기에서 대출할 수 있는 권수를 모두 채웠습니다. 나머지는 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>Self-checkout is paused. Please take your items to the counter.</source>
        <translation>지금은 자가대출을 잠시 중단하고 있습니다. 자료를 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>The card could not be read. Please place it on the reader again and leave it there.</source>
        <translation>카드를 읽지 못했습니다. 리더기에 다시 올려 놓고 그대로 두세요.</translation>
    </message>
    <message>
        <source>This card cannot be used here. Please use your library card or ask at the counter.</source>
        <translation>이 카드는 여기에서 사용할 수 없습니다. 도서관 카드를 사용하시거나 카운터에 문의해 주세요.</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please scan your library card instead, or ask at the counter.</source>
        <translation>지금은 카드 리더기를 사용할 수 없습니다. 도서관 카드를 스캔하시거나 카운터에 문의해 주세요.</translation>
    </message>
    <message>
        <source>This is not a My Number card. Please place your My Number card, or scan your library card.</source>
        <translation>마이넘버 카드가 아닙니다. 마이넘버 카드를 올려 놓거나 도서관 카드를 스캔해 주세요.</translation>
    </message>
    <message>
        <source>My Number on a smartphone cannot be used here. Please use the card itself or your library card.</source>
        <translation>스마트폰의 마이넘버 카드 기능은 여기에서 사용할 수 없습니다. 실물 카드나 도서관 카드를 사용해 주세요.</translation>
    </message>
    <message>
        <source>The electronic certificate on this card has expired. It is renewed at your city office. Until then, please use your library card.</source>
        <translation>이 카드의 전자증명서는 유효기간이 지났습니다. 거주하시는 시구정촌 창구에서 갱신할 수 있습니다. 그때까지는 도서관 카드를 사용해 주세요.</translation>
    </message>
    <message>
        <source>This My Number card is not registered with the library yet. Please register it at the counter (bring your library card).</source>
        <translation>이 마이넘버 카드는 아직 도서관에 등록되지 않았습니다. 카운터에서 등록해 주세요(도서관 카드를 지참해 주세요).</translation>
    </message>
    <message>
        <source>The card&apos;s PIN is locked. Your city office can unlock it. Please use your library card or ask at the counter.</source>
        <translation>카드 비밀번호가 잠겼습니다. 거주하시는 시구정촌 창구에서 잠금을 해제할 수 있습니다. 도서관 카드를 사용하시거나 카운터에 문의해 주세요.</translation>
    </message>
    <message>
        <source>This item was not renewed.</source>
        <translation>연장하지 못했습니다.</translation>
    </message>
    <message>
        <source>The library system did not allow the renewal. Please ask at the counter.</source>
        <translation>도서관 시스템에서 연장이 허용되지 않았습니다. 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>Renewals are not possible right now. Please try again later or ask at the counter.</source>
        <translation>지금은 연장할 수 없습니다. 잠시 후 다시 시도하시거나 안내 데스크에 문의해 주세요.</translation>
    </message>
    <message>
        <source>Items borrowed from another library cannot be renewed here.</source>
        <translation>다른 도서관에서 빌려 온 자료는 여기서 연장할 수 없습니다.</translation>
    </message>
    <message>
        <source>Message from the library: %1</source>
        <translation>도서관 안내: %1</translation>
    </message>
    <message>
        <source>Please scan your library card first.</source>
        <translation>먼저 도서관 카드를 스캔해 주세요.</translation>
    </message>
    <message>
        <source>Please put all %1 parts on the pad.</source>
        <translation>%1개를 모두 인식대에 올려놓아 주세요.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <source>Lent.</source>
        <translation>대출되었습니다.</translation>
    </message>
    <message>
        <source>Please show this item to the staff before you leave.</source>
        <translation>나가시기 전에 이 자료를 직원에게 보여 주세요.</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>이미 대출 중인 자료입니다.</translation>
    </message>
    <message>
        <source>This is not this library&apos;s item. Please take it to the counter.</source>
        <translation>이 도서관의 자료가 아닙니다. 안내 데스크로 가져가 주세요.</translation>
    </message>
    <message>
        <source>Its tag could not be read. Please show this item to the staff.</source>
        <translation>태그를 읽을 수 없습니다. 이 자료를 직원에게 보여 주세요.</translation>
    </message>
    <message>
        <source>Please show this item to the staff.</source>
        <translation>이 자료를 직원에게 보여 주세요.</translation>
    </message>
    <message>
        <source>%1 of %2 parts are on the pad</source>
        <translation>%2개 중 %1개가 인식대에 있습니다</translation>
    </message>
    <message>
        <source>The book pad is not working right now. Please scan each item&apos;s barcode instead.</source>
        <translation>지금은 인식대를 사용할 수 없습니다. 자료의 바코드를 하나씩 스캔해 주세요.</translation>
    </message>
    <message>
        <source>An item on the pad</source>
        <translation>인식대 위의 자료</translation>
    </message>
    <message>
        <source>Please scan your library card first. Then the items on the pad will be lent to you.</source>
        <translation>먼저 도서관 카드를 스캔해 주세요. 그러면 인식대 위의 자료가 대출됩니다.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>처리하지 못했습니다. 다시 시도하시거나 안내 데스크에 문의해 주세요.</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Out of service</source>
        <translation>운영 중지 중입니다</translation>
    </message>
    <message>
        <source>Please borrow at the counter.</source>
        <translation>대출은 카운터에서 해 주세요.</translation>
    </message>
</context>
<context>
    <name>PatronScreen</name>
    <message>
        <source>Welcome, %1</source>
        <translation>%1 님, 안녕하세요</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>안녕하세요</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan them one at a time. When you are done, press Finish.</source>
        <translation>대출할 자료를 인식대에 올려놓거나 한 권씩 스캔해 주세요. 다 끝나면 [대출 완료]를 눌러 주세요.</translation>
    </message>
    <message>
        <source>Scan your items one at a time. When you are done, press Finish.</source>
        <translation>대출할 자료를 한 권씩 스캔해 주세요. 다 끝나면 [대출 완료]를 눌러 주세요.</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>아직 스캔한 자료가 없습니다.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>대출 완료</translation>
    </message>
    <message>
        <source>My loans</source>
        <translation>내 대출 현황</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Please enter your My Number card&apos;s PIN</source>
        <translation>마이넘버 카드 비밀번호를 입력해 주세요</translation>
    </message>
    <message>
        <source>The 4-digit PIN for signing in that you chose at the city office. Leave the card on the reader and cover the pad with your hand.</source>
        <translation>시구정촌 창구에서 정한 숫자 4자리 이용자 증명용 비밀번호입니다. 카드는 올려 둔 채로 손으로 가리고 입력해 주세요.</translation>
    </message>
    <message>
        <source>Please enter your PIN</source>
        <translation>비밀번호를 입력해 주세요</translation>
    </message>
    <message>
        <source>Your 4-digit PIN (password) for the library. Cover the pad with your hand.</source>
        <translation>도서관 비밀번호(숫자 4자리)입니다. 손으로 가리고 입력해 주세요.</translation>
    </message>
    <message numerus="yes">
        <source>The PIN is not correct. %n tries left.</source>
        <translation>
            <numerusform>비밀번호가 틀렸습니다. %n번 더 입력할 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card; only the city office can unlock it. If you are not sure, press Cancel.</source>
        <translation>한 번 더 틀리면 카드가 잠기며 시구정촌 창구에서만 해제할 수 있습니다. 확실하지 않으면 &apos;취소&apos;를 눌러 주세요.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>전체 삭제</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>한 자 삭제</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>확인</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Would you like a receipt?</source>
        <translation>영수증을 출력할까요?</translation>
    </message>
    <message>
        <source>It lists what you borrowed and when it is due back.</source>
        <translation>대출한 자료와 반납 기한이 인쇄됩니다.</translation>
    </message>
    <message>
        <source>Print a receipt</source>
        <translation>영수증 출력</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>출력 안 함</translation>
    </message>
</context>
<context>
    <name>RowWidget</name>
    <message>
        <source>Item %1</source>
        <translation>자료 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>반납 기한 %1</translation>
    </message>
    <message>
        <source>You already have this: due back %1</source>
        <translation>이미 대출 중인 자료입니다. 반납 기한 %1</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>이미 대출 중인 자료입니다.</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>연장되었습니다. 반납 기한 %1</translation>
    </message>
    <message>
        <source>Your reserved item: picked up.</source>
        <translation>예약하신 자료입니다. 수령되었습니다.</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <source>a library card</source>
        <translation>도서관 카드</translation>
    </message>
    <message>
        <source>an item (book or other material)</source>
        <translation>자료(책 등)</translation>
    </message>
    <message>
        <source>an ISBN (not the library&apos;s item barcode)</source>
        <translation>ISBN(도서관 자료 바코드가 아님)</translation>
    </message>
    <message>
        <source>not usable: nothing was read</source>
        <translation>사용할 수 없음: 읽힌 내용이 없습니다</translation>
    </message>
    <message>
        <source>not usable: characters no library label carries</source>
        <translation>사용할 수 없음: 도서관 라벨에 없는 문자입니다</translation>
    </message>
    <message>
        <source>not usable: too long</source>
        <translation>사용할 수 없음: 너무 깁니다</translation>
    </message>
    <message>
        <source>not usable: the check digit is wrong</source>
        <translation>사용할 수 없음: 검증 숫자가 맞지 않습니다</translation>
    </message>
    <message>
        <source>a library card of a retired series</source>
        <translation>사용이 중지된 번호대의 도서관 카드</translation>
    </message>
    <message>
        <source>not a card, item or ISBN this library uses</source>
        <translation>이 도서관의 카드, 자료, ISBN 어느 것도 아닙니다</translation>
    </message>
    <message>
        <source>%1 is read as %2.</source>
        <translation>%1 → %2(으)로 인식됩니다.</translation>
    </message>
    <message>
        <source>Reading the kiosk&apos;s status…</source>
        <translation>단말기 상태를 읽는 중…</translation>
    </message>
    <message>
        <source>The kiosk&apos;s status could not be read: %1</source>
        <translation>단말기 상태를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>기기를 찾는 중…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>기기 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Staff mode</source>
        <translation>직원 모드</translation>
    </message>
    <message>
        <source>online (answering)</source>
        <translation>온라인(응답 있음)</translation>
    </message>
    <message>
        <source>offline (loans are kept here and sent later)</source>
        <translation>오프라인(대출은 이 단말기에 기록하고 나중에 보냅니다)</translation>
    </message>
    <message>
        <source>Library system: %1</source>
        <translation>도서관 시스템: %1</translation>
    </message>
    <message>
        <source>Offline loans waiting: %1</source>
        <translation>전송 대기 중인 오프라인 대출: %1</translation>
    </message>
    <message>
        <source>Offline loans refused: %1</source>
        <translation>거부된 오프라인 대출: %1</translation>
    </message>
    <message>
        <source>Devices found:</source>
        <translation>찾은 장치:</translation>
    </message>
    <message>
        <source>Scan test: scan any barcode.</source>
        <translation>스캔 테스트: 아무 바코드나 읽혀 주세요.</translation>
    </message>
    <message>
        <source>Back in service</source>
        <translation>서비스 재개</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>서비스 중지</translation>
    </message>
    <message>
        <source>Restart the kiosk</source>
        <translation>키오스크 다시 시작</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>기기 설정</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>마이넘버 카드 등록</translation>
    </message>
    <message>
        <source>Leave staff mode</source>
        <translation>직원 모드 종료</translation>
    </message>
</context>
<context>
    <name>StaffLinkScreen</name>
    <message>
        <source>Reading the card…</source>
        <translation>카드를 읽는 중…</translation>
    </message>
    <message>
        <source>Linked to library card %1. The certificate is valid until %2.</source>
        <translation>도서관 카드 %1에 등록했습니다. 전자증명서 유효기간은 %2까지입니다.</translation>
    </message>
    <message>
        <source>That is not a library card number. Scan the patron&apos;s library card.</source>
        <translation>도서관 카드 번호가 아닙니다. 이용자의 도서관 카드를 스캔하세요.</translation>
    </message>
    <message>
        <source>The card could not be linked: %1</source>
        <translation>카드를 등록할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>마이넘버 카드 등록</translation>
    </message>
    <message>
        <source>1. Scan the patron&apos;s library card.</source>
        <translation>1. 이용자의 도서관 카드를 스캔하세요.</translation>
    </message>
    <message>
        <source>Library card: %1</source>
        <translation>도서관 카드: %1</translation>
    </message>
    <message>
        <source>2. The patron places the My Number card on the reader; press Link. Only the certificate&apos;s link key is kept.</source>
        <translation>2. 이용자가 마이넘버 카드를 리더기에 올리면 &apos;등록&apos;을 누르세요. 증명서에서 만든 연결 키만 저장합니다.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>등록</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <source>Checking the PIN…</source>
        <translation>비밀번호를 확인하는 중…</translation>
    </message>
    <message>
        <source>Staff mode is locked after wrong PINs. Time left: %1</source>
        <translation>비밀번호 오류가 반복되어 잠겼습니다. 남은 시간 %1</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>비밀번호가 틀립니다. %1회 남았습니다.</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>비밀번호를 확인할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>You can enter the PIN again.</source>
        <translation>비밀번호를 다시 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>직원 비밀번호</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>전체 삭제</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>한 자 삭제</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>확인</translation>
    </message>
</context>
<context>
    <name>StaffSetupScreen</name>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>기기 설정</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>바코드 스캐너</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <source>Not connected (the kiosk keeps trying)</source>
        <translation>연결되지 않음(단말기가 계속 다시 시도합니다)</translation>
    </message>
    <message>
        <source>Not working: the settings need fixing</source>
        <translation>작동하지 않음: 설정을 고쳐야 합니다</translation>
    </message>
    <message>
        <source>Barcode scanner (serial)</source>
        <translation>바코드 스캐너(시리얼)</translation>
    </message>
    <message>
        <source>Barcode scanner (keyboard)</source>
        <translation>바코드 스캐너(키보드)</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>카드 리더기</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>영수증 프린터</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>상세: %1</translation>
    </message>
    <message>
        <source>Card reader: the PC/SC service (pcscd) is not available. Detail: %1</source>
        <translation>카드 리더기: PC/SC 서비스(pcscd)를 사용할 수 없습니다. 상세: %1</translation>
    </message>
    <message>
        <source>The kiosk cannot use this device address: %1</source>
        <translation>이 기기 주소는 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>The card reader is not available: %1</source>
        <translation>카드 리더기를 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>The device did not answer: %1</source>
        <translation>기기가 응답하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>The test did not work: %1</source>
        <translation>테스트하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>기기를 찾는 중…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>기기 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <source>None configured ([rfid] reader in the branch config).</source>
        <translation>설정되지 않았습니다(지점 설정의 [rfid] reader).</translation>
    </message>
    <message>
        <source>No tag on the pad.</source>
        <translation>인식대에 태그가 없습니다.</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>정상</translation>
    </message>
    <message>
        <source>another library&apos;s item (this library is %1)</source>
        <translation>다른 도서관의 자료(이 도서관은 %1)</translation>
    </message>
    <message>
        <source>RFID pad</source>
        <translation>RFID 인식대</translation>
    </message>
    <message>
        <source>Test scans</source>
        <translation>스캔 테스트</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>미리보기</translation>
    </message>
    <message>
        <source>Read a card</source>
        <translation>카드 읽기</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>테스트 인쇄</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Save to the branch config</source>
        <translation>지점 설정에 저장</translation>
    </message>
    <message>
        <source>Nothing chosen.</source>
        <translation>선택된 것이 없습니다.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>테스트하는 중…</translation>
    </message>
    <message>
        <source>Read: %1</source>
        <translation>읽음: %1</translation>
    </message>
    <message>
        <source>Connected. Scan a barcode (or hold one up to the camera).</source>
        <translation>연결되었습니다. 바코드를 읽혀 주세요(카메라에 비춰도 됩니다).</translation>
    </message>
    <message>
        <source>Listening: scan a barcode (or hold one up to the camera).</source>
        <translation>대기 중: 바코드를 스캔하세요(카메라에 비춰도 됩니다).</translation>
    </message>
    <message>
        <source>Card reader works: a card is on it.</source>
        <translation>카드 리더기 정상: 카드가 올려져 있습니다.</translation>
    </message>
    <message>
        <source>My Number card read. Certificate valid until %1.</source>
        <translation>마이넘버 카드를 읽었습니다. 증명서 유효기간은 %1까지입니다.</translation>
    </message>
    <message>
        <source>The printer is not ready: %1. Detail: %2</source>
        <translation>프린터를 사용할 수 없습니다: %1. 상세: %2</translation>
    </message>
    <message>
        <source>Test page sent. Check the printout.</source>
        <translation>테스트 페이지를 보냈습니다. 인쇄물을 확인하세요.</translation>
    </message>
    <message>
        <source>This kiosk runs on the embedded demo defaults: there is no branch config file to save to.</source>
        <translation>이 키오스크는 내장 데모 설정으로 실행 중입니다: 저장할 설정 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>저장하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Restart the kiosk to use the new devices.</source>
        <translation>%1에 저장했습니다. 새 기기를 쓰려면 키오스크를 다시 시작하세요.</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%n reserved item(s) are waiting for you on the hold shelf.</source>
        <translation>
            <numerusform>예약하신 자료 %n권이 예약 자료 서가에 도착해 있습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You can borrow %n more item(s).</source>
        <translation>
            <numerusform>%n권 더 대출할 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>대출 가능한 권수를 모두 채웠습니다.</translation>
    </message>
</context>
</TS>
