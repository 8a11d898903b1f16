<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CardScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <translation>Please place your My Number card on the reader</translation>
    </message>
    <message>
        <source>Leave it there until your name appears. You can also scan your library card instead.</source>
        <translation>Leave it there until your name appears. You can also scan your library card instead.</translation>
    </message>
    <message>
        <source>Reading your card… please leave it on the reader.</source>
        <translation>Reading your card… please leave it on the reader.</translation>
    </message>
    <message>
        <source>Only the card&apos;s electronic certificate is checked. Your My Number is never read.</source>
        <translation>Only the card&apos;s electronic certificate is checked. Your My Number is never read.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>FinishQuestion</name>
    <message>
        <source>Finished, %1?</source>
        <translation>Finished, %1?</translation>
    </message>
    <message>
        <source>Another library card (%1) was scanned. If you are done, press Finish; the next person can then scan their card. To borrow more, press Continue.</source>
        <translation>Another library card (%1) was scanned. If you are done, press Finish; the next person can then scan their card. To borrow more, press Continue.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Thank you!</translation>
    </message>
    <message numerus="yes">
        <source>You borrowed %n item(s).</source>
        <translation>
            <numerusform>You borrowed %n item.</numerusform>
            <numerusform>You borrowed %n items.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You renewed %n item(s).</source>
        <translation>
            <numerusform>You renewed %n item.</numerusform>
            <numerusform>You renewed %n items.</numerusform>
        </translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Due back %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Renewed, due back %1</translation>
    </message>
    <message>
        <source>Nothing was borrowed.</source>
        <translation>Nothing was borrowed.</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>Please take your receipt.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Please scan your library card</source>
        <translation>Please scan your library card</translation>
    </message>
    <message>
        <source>Hold the barcode of your card (or your phone&apos;s screen) under the scanner.</source>
        <translation>Hold the barcode of your card (or your phone&apos;s screen) under the scanner.</translation>
    </message>
    <message>
        <source>Scan your library card, or its barcode on your phone</source>
        <translation>Scan your library card, or its barcode on your phone</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan each barcode</source>
        <translation>Put your items on the pad, or scan each barcode</translation>
    </message>
    <message>
        <source>Scan each item&apos;s barcode, one at a time</source>
        <translation>Scan each item&apos;s barcode, one at a time</translation>
    </message>
    <message>
        <source>Press Finish and take your receipt</source>
        <translation>Press Finish and take your receipt</translation>
    </message>
    <message>
        <source>Press Finish when you are done</source>
        <translation>Press Finish when you are done</translation>
    </message>
    <message>
        <source>Use a My Number card</source>
        <translation>Use a My Number card</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? This session ends in %1 seconds.</source>
        <translation>Are you still there? This session ends in %1 seconds.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>Working offline: your loans are recorded here and sent to the library system later.</source>
        <translation>Working offline: your loans are recorded here and sent to the library system later.</translation>
    </message>
</context>
<context>
    <name>LoanRow</name>
    <message>
        <source>Item %1</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>Renewed; still due back %1 (a renewal counts from today)</source>
        <translation>Renewed; still due back %1 (a renewal counts from today)</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Renewed, due back %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Due back %1</translation>
    </message>
    <message>
        <source>Borrowed recently: a renewal today would not give a later due date.</source>
        <translation>Borrowed recently: a renewal today would not give a later due date.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item, so it cannot be renewed.</source>
        <translation>Someone is waiting for this item, so it cannot be renewed.</translation>
    </message>
    <message>
        <source>This item is overdue. Please return it or ask at the counter.</source>
        <translation>This item is overdue. Please return it or ask at the counter.</translation>
    </message>
    <message>
        <source>Renew: due %1</source>
        <translation>Renew: due %1</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>Renew</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <source>Your loans</source>
        <translation>Your loans</translation>
    </message>
    <message numerus="yes">
        <source>You have %n item(s) on loan.</source>
        <translation>
            <numerusform>You have %n item on loan.</numerusform>
            <numerusform>You have %n items on loan.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <translation>You have nothing on loan.</translation>
    </message>
    <message>
        <source>Your loans cannot be shown while the library system is offline. Borrowing still works.</source>
        <translation>Your loans cannot be shown while the library system is offline. Borrowing still works.</translation>
    </message>
    <message>
        <source>This machine does not show loans. Please ask at the counter or use My Page.</source>
        <translation>This machine does not show loans. Please ask at the counter or use My Page.</translation>
    </message>
    <message>
        <source>Back to borrowing</source>
        <translation>Back to borrowing</translation>
    </message>
</context>
<context>
    <name>MachineGuide</name>
    <message>
        <source>Barcode scanner</source>
        <translation>Barcode scanner</translation>
    </message>
    <message>
        <source>Camera (for phones)</source>
        <translation>Camera (for phones)</translation>
    </message>
    <message>
        <source>My Number card reader</source>
        <translation>My Number card reader</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The barcode could not be read. Please scan it again, holding it still.</source>
        <translation>The barcode could not be read. Please scan it again, holding it still.</translation>
    </message>
    <message>
        <source>This barcode is not a library card or a library item.</source>
        <translation>This barcode is not a library card or a library item.</translation>
    </message>
    <message>
        <source>The number was not read correctly. Please scan it again.</source>
        <translation>The number was not read correctly. Please scan it again.</translation>
    </message>
    <message>
        <source>This card is an old type. Please have it renewed at the counter.</source>
        <translation>This card is an old type. Please have it renewed at the counter.</translation>
    </message>
    <message>
        <source>Please scan your library card first, then your items.</source>
        <translation>Please scan your library card first, then your items.</translation>
    </message>
    <message>
        <source>This item is already on your list.</source>
        <translation>This item is already on your list.</translation>
    </message>
    <message>
        <source>You are already signed in. Please scan your items.</source>
        <translation>You are already signed in. Please scan your items.</translation>
    </message>
    <message>
        <source>That is the publisher&apos;s barcode. Please scan the library&apos;s label instead.</source>
        <translation>That is the publisher&apos;s barcode. Please scan the library&apos;s label instead.</translation>
    </message>
    <message>
        <source>This is not a library card. Please show your library card&apos;s barcode.</source>
        <translation>This is not a library card. Please show your library card&apos;s barcode.</translation>
    </message>
    <message>
        <source>This card is not registered. Please ask at the counter.</source>
        <translation>This card is not registered. Please ask at the counter.</translation>
    </message>
    <message>
        <source>This card has been reported lost. Please ask at the counter.</source>
        <translation>This card has been reported lost. Please ask at the counter.</translation>
    </message>
    <message>
        <source>You have overdue items. Please return them first or ask at the counter.</source>
        <translation>You have overdue items. Please return them first or ask at the counter.</translation>
    </message>
    <message>
        <source>Borrowing is paused on your account. Please ask at the counter.</source>
        <translation>Borrowing is paused on your account. Please ask at the counter.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the counter.</source>
        <translation>You cannot borrow at the moment. Please ask at the counter.</translation>
    </message>
    <message>
        <source>The PIN is not correct. Please try again or ask at the counter.</source>
        <translation>The PIN is not correct. Please try again or ask at the counter.</translation>
    </message>
    <message>
        <source>Your card has expired. Please have it renewed at the counter.</source>
        <translation>Your card has expired. Please have it renewed at the counter.</translation>
    </message>
    <message>
        <source>Self-checkout is not available right now. Please ask at the counter.</source>
        <translation>Self-checkout is not available right now. Please ask at the counter.</translation>
    </message>
    <message>
        <source>This card cannot be checked right now. Please ask at the counter.</source>
        <translation>This card cannot be checked right now. Please ask at the counter.</translation>
    </message>
    <message>
        <source>This item cannot be borrowed here. Please take it to the counter.</source>
        <translation>This item cannot be borrowed here. Please take it to the counter.</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>You have reached your borrowing limit.</translation>
    </message>
    <message>
        <source>This item could not be lent right now. Please take it to the counter.</source>
        <translation>This item could not be lent right now. Please take it to the counter.</translation>
    </message>
    <message>
        <source>This item is for use in the library only.</source>
        <translation>This item is for use in the library only.</translation>
    </message>
    <message>
        <source>This item is reserved for someone else. Please take it to the counter.</source>
        <translation>This item is reserved for someone else. Please take it to the counter.</translation>
    </message>
    <message>
        <source>This item is recorded as lent to someone else. Please take it to the counter.</source>
        <translation>This item is recorded as lent to someone else. Please take it to the counter.</translation>
    </message>
    <message>
        <source>This item was borrowed from another library. Please take it to the counter.</source>
        <translation>This item was borrowed from another library. Please take it to the counter.</translation>
    </message>
    <message>
        <source>This item is not in the library&apos;s catalogue. Please take it to the counter.</source>
        <translation>This item is not in the library&apos;s catalogue. Please take it to the counter.</translation>
    </message>
    <message>
        <source>This item has a loan recorded here that the library system has not accepted yet. Please ask the staff.</source>
        <translation>This item has a loan recorded here that the library system has not accepted yet. Please ask the staff.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item.</source>
        <translation>Someone is waiting for this item.</translation>
    </message>
    <message>
        <source>It has been renewed as many times as the library allows.</source>
        <translation>It has been renewed as many times as the library allows.</translation>
    </message>
    <message>
        <source>It cannot be renewed yet: a renewal today would not give a later date.</source>
        <translation>It cannot be renewed yet: a renewal today would not give a later date.</translation>
    </message>
    <message>
        <source>It is past its due date. Please return it or ask at the counter.</source>
        <translation>It is past its due date. Please return it or ask at the counter.</translation>
    </message>
    <message>
        <source>Items of this kind cannot be renewed.</source>
        <translation>Items of this kind cannot be renewed.</translation>
    </message>
    <message>
        <source>It has reached the longest time an item may be kept.</source>
        <translation>It has reached the longest time an item may be kept.</translation>
    </message>
    <message>
        <source>It is not on loan to you. Please ask at the counter.</source>
        <translation>It is not on loan to you. Please ask at the counter.</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit for this machine. Please take the rest to the counter.</source>
        <translation>You have reached today&apos;s limit for this machine. Please take the rest to the counter.</translation>
    </message>
    <message>
        <source>Self-checkout is paused. Please take your items to the counter.</source>
        <translation>Self-checkout is paused. Please take your items to the counter.</translation>
    </message>
    <message>
        <source>The card could not be read. Please place it on the reader again and leave it there.</source>
        <translation>The card could not be read. Please place it on the reader again and leave it there.</translation>
    </message>
    <message>
        <source>This card cannot be used here. Please use your library card or ask at the counter.</source>
        <translation>This card cannot be used here. Please use your library card or ask at the counter.</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please scan your library card instead, or ask at the counter.</source>
        <translation>The card reader is not working right now. Please scan your library card instead, or ask at the counter.</translation>
    </message>
    <message>
        <source>This is not a My Number card. Please place your My Number card, or scan your library card.</source>
        <translation>This is not a My Number card. Please place your My Number card, or scan your library card.</translation>
    </message>
    <message>
        <source>My Number on a smartphone cannot be used here. Please use the card itself or your library card.</source>
        <translation>My Number on a smartphone cannot be used here. Please use the card itself or your library card.</translation>
    </message>
    <message>
        <source>The electronic certificate on this card has expired. It is renewed at your city office. Until then, please use your library card.</source>
        <translation>The electronic certificate on this card has expired. It is renewed at your city office. Until then, please use your library card.</translation>
    </message>
    <message>
        <source>This My Number card is not registered with the library yet. Please register it at the counter (bring your library card).</source>
        <translation>This My Number card is not registered with the library yet. Please register it at the counter (bring your library card).</translation>
    </message>
    <message>
        <source>The card&apos;s PIN is locked. Your city office can unlock it. Please use your library card or ask at the counter.</source>
        <translation>The card&apos;s PIN is locked. Your city office can unlock it. Please use your library card or ask at the counter.</translation>
    </message>
    <message>
        <source>This item was not renewed.</source>
        <translation>This item was not renewed.</translation>
    </message>
    <message>
        <source>The library system did not allow the renewal. Please ask at the counter.</source>
        <translation>The library system did not allow the renewal. Please ask at the counter.</translation>
    </message>
    <message>
        <source>Renewals are not possible right now. Please try again later or ask at the counter.</source>
        <translation>Renewals are not possible right now. Please try again later or ask at the counter.</translation>
    </message>
    <message>
        <source>Items borrowed from another library cannot be renewed here.</source>
        <translation>Items borrowed from another library cannot be renewed here.</translation>
    </message>
    <message>
        <source>Message from the library: %1</source>
        <translation>Message from the library: %1</translation>
    </message>
    <message>
        <source>Please scan your library card first.</source>
        <translation>Please scan your library card first.</translation>
    </message>
    <message>
        <source>Please put all %1 parts on the pad.</source>
        <translation>Please put all %1 parts on the pad.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Lent.</source>
        <translation>Lent.</translation>
    </message>
    <message>
        <source>Please show this item to the staff before you leave.</source>
        <translation>Please show this item to the staff before you leave.</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>You already have this item.</translation>
    </message>
    <message>
        <source>This is not this library&apos;s item. Please take it to the counter.</source>
        <translation>This is not this library&apos;s item. Please take it to the counter.</translation>
    </message>
    <message>
        <source>Its tag could not be read. Please show this item to the staff.</source>
        <translation>Its tag could not be read. Please show this item to the staff.</translation>
    </message>
    <message>
        <source>Please show this item to the staff.</source>
        <translation>Please show this item to the staff.</translation>
    </message>
    <message>
        <source>%1 of %2 parts are on the pad</source>
        <translation>%1 of %2 parts are on the pad</translation>
    </message>
    <message>
        <source>The book pad is not working right now. Please scan each item&apos;s barcode instead.</source>
        <translation>The book pad is not working right now. Please scan each item&apos;s barcode instead.</translation>
    </message>
    <message>
        <source>An item on the pad</source>
        <translation>An item on the pad</translation>
    </message>
    <message>
        <source>Please scan your library card first. Then the items on the pad will be lent to you.</source>
        <translation>Please scan your library card first. Then the items on the pad will be lent to you.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>Something went wrong. Please try again or ask at the counter.</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>Please borrow at the counter.</source>
        <translation>Please borrow at the counter.</translation>
    </message>
</context>
<context>
    <name>PatronScreen</name>
    <message>
        <source>Welcome, %1</source>
        <translation>Welcome, %1</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan them one at a time. When you are done, press Finish.</source>
        <translation>Put your items on the pad, or scan them one at a time. When you are done, press Finish.</translation>
    </message>
    <message>
        <source>Scan your items one at a time. When you are done, press Finish.</source>
        <translation>Scan your items one at a time. When you are done, press Finish.</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>No items yet.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>My loans</source>
        <translation>My loans</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Please enter your My Number card&apos;s PIN</source>
        <translation>Please enter your My Number card&apos;s PIN</translation>
    </message>
    <message>
        <source>The 4-digit PIN for signing in that you chose at the city office. Leave the card on the reader and cover the pad with your hand.</source>
        <translation>The 4-digit PIN for signing in that you chose at the city office. Leave the card on the reader and cover the pad with your hand.</translation>
    </message>
    <message>
        <source>Please enter your PIN</source>
        <translation>Please enter your PIN</translation>
    </message>
    <message>
        <source>Your 4-digit PIN (password) for the library. Cover the pad with your hand.</source>
        <translation>Your 4-digit PIN (password) for the library. Cover the pad with your hand.</translation>
    </message>
    <message numerus="yes">
        <source>The PIN is not correct. %n tries left.</source>
        <translation>
            <numerusform>The PIN is not correct. %n try left.</numerusform>
            <numerusform>The PIN is not correct. %n tries left.</numerusform>
        </translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card; only the city office can unlock it. If you are not sure, press Cancel.</source>
        <translation>One more wrong PIN locks the card; only the city office can unlock it. If you are not sure, press Cancel.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Would you like a receipt?</source>
        <translation>Would you like a receipt?</translation>
    </message>
    <message>
        <source>It lists what you borrowed and when it is due back.</source>
        <translation>It lists what you borrowed and when it is due back.</translation>
    </message>
    <message>
        <source>Print a receipt</source>
        <translation>Print a receipt</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>No receipt</translation>
    </message>
</context>
<context>
    <name>RowWidget</name>
    <message>
        <source>Item %1</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Due back %1</translation>
    </message>
    <message>
        <source>You already have this: due back %1</source>
        <translation>You already have this: due back %1</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>You already have this item.</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Renewed, due back %1</translation>
    </message>
    <message>
        <source>Your reserved item: picked up.</source>
        <translation>Your reserved item: picked up.</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <source>a library card</source>
        <translation>a library card</translation>
    </message>
    <message>
        <source>an item (book or other material)</source>
        <translation>an item (book or other material)</translation>
    </message>
    <message>
        <source>an ISBN (not the library&apos;s item barcode)</source>
        <translation>an ISBN (not the library&apos;s item barcode)</translation>
    </message>
    <message>
        <source>not usable: nothing was read</source>
        <translation>not usable: nothing was read</translation>
    </message>
    <message>
        <source>not usable: characters no library label carries</source>
        <translation>not usable: characters no library label carries</translation>
    </message>
    <message>
        <source>not usable: too long</source>
        <translation>not usable: too long</translation>
    </message>
    <message>
        <source>not usable: the check digit is wrong</source>
        <translation>not usable: the check digit is wrong</translation>
    </message>
    <message>
        <source>a library card of a retired series</source>
        <translation>a library card of a retired series</translation>
    </message>
    <message>
        <source>not a card, item or ISBN this library uses</source>
        <translation>not a card, item or ISBN this library uses</translation>
    </message>
    <message>
        <source>%1 is read as %2.</source>
        <translation>%1 is read as %2.</translation>
    </message>
    <message>
        <source>Reading the kiosk&apos;s status…</source>
        <translation>Reading the kiosk&apos;s status…</translation>
    </message>
    <message>
        <source>The kiosk&apos;s status could not be read: %1</source>
        <translation>The kiosk&apos;s status could not be read: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Looking for devices…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>The devices could not be listed: %1</translation>
    </message>
    <message>
        <source>Staff mode</source>
        <translation>Staff mode</translation>
    </message>
    <message>
        <source>online (answering)</source>
        <translation>online (answering)</translation>
    </message>
    <message>
        <source>offline (loans are kept here and sent later)</source>
        <translation>offline (loans are kept here and sent later)</translation>
    </message>
    <message>
        <source>Library system: %1</source>
        <translation>Library system: %1</translation>
    </message>
    <message>
        <source>Offline loans waiting: %1</source>
        <translation>Offline loans waiting: %1</translation>
    </message>
    <message>
        <source>Offline loans refused: %1</source>
        <translation>Offline loans refused: %1</translation>
    </message>
    <message>
        <source>Devices found:</source>
        <translation>Devices found:</translation>
    </message>
    <message>
        <source>Scan test: scan any barcode.</source>
        <translation>Scan test: scan any barcode.</translation>
    </message>
    <message>
        <source>Back in service</source>
        <translation>Back in service</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>Restart the kiosk</source>
        <translation>Restart the kiosk</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>Hardware setup</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>Link a My Number card</translation>
    </message>
    <message>
        <source>Leave staff mode</source>
        <translation>Leave staff mode</translation>
    </message>
</context>
<context>
    <name>StaffLinkScreen</name>
    <message>
        <source>Reading the card…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <source>Linked to library card %1. The certificate is valid until %2.</source>
        <translation>Linked to library card %1. The certificate is valid until %2.</translation>
    </message>
    <message>
        <source>That is not a library card number. Scan the patron&apos;s library card.</source>
        <translation>That is not a library card number. Scan the patron&apos;s library card.</translation>
    </message>
    <message>
        <source>The card could not be linked: %1</source>
        <translation>The card could not be linked: %1</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>Link a My Number card</translation>
    </message>
    <message>
        <source>1. Scan the patron&apos;s library card.</source>
        <translation>1. Scan the patron&apos;s library card.</translation>
    </message>
    <message>
        <source>Library card: %1</source>
        <translation>Library card: %1</translation>
    </message>
    <message>
        <source>2. The patron places the My Number card on the reader; press Link. Only the certificate&apos;s link key is kept.</source>
        <translation>2. The patron places the My Number card on the reader; press Link. Only the certificate&apos;s link key is kept.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <source>Checking the PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <source>Staff mode is locked after wrong PINs. Time left: %1</source>
        <translation>Staff mode is locked after wrong PINs. Time left: %1</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Wrong PIN. %1 tries left.</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>The PIN could not be checked: %1</translation>
    </message>
    <message>
        <source>You can enter the PIN again.</source>
        <translation>You can enter the PIN again.</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>Staff PIN</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>StaffSetupScreen</name>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>Hardware setup</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>Barcode scanner</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Not connected (the kiosk keeps trying)</source>
        <translation>Not connected (the kiosk keeps trying)</translation>
    </message>
    <message>
        <source>Not working: the settings need fixing</source>
        <translation>Not working: the settings need fixing</translation>
    </message>
    <message>
        <source>Barcode scanner (serial)</source>
        <translation>Barcode scanner (serial)</translation>
    </message>
    <message>
        <source>Barcode scanner (keyboard)</source>
        <translation>Barcode scanner (keyboard)</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>Detail: %1</translation>
    </message>
    <message>
        <source>Card reader: the PC/SC service (pcscd) is not available. Detail: %1</source>
        <translation>Card reader: the PC/SC service (pcscd) is not available. Detail: %1</translation>
    </message>
    <message>
        <source>The kiosk cannot use this device address: %1</source>
        <translation>The kiosk cannot use this device address: %1</translation>
    </message>
    <message>
        <source>The card reader is not available: %1</source>
        <translation>The card reader is not available: %1</translation>
    </message>
    <message>
        <source>The device did not answer: %1</source>
        <translation>The device did not answer: %1</translation>
    </message>
    <message>
        <source>The test did not work: %1</source>
        <translation>The test did not work: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Looking for devices…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>The devices could not be listed: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>None configured ([rfid] reader in the branch config).</source>
        <translation>None configured ([rfid] reader in the branch config).</translation>
    </message>
    <message>
        <source>No tag on the pad.</source>
        <translation>No tag on the pad.</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>another library&apos;s item (this library is %1)</source>
        <translation>another library&apos;s item (this library is %1)</translation>
    </message>
    <message>
        <source>RFID pad</source>
        <translation>RFID pad</translation>
    </message>
    <message>
        <source>Test scans</source>
        <translation>Test scans</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Read a card</source>
        <translation>Read a card</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Test page</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Save to the branch config</source>
        <translation>Save to the branch config</translation>
    </message>
    <message>
        <source>Nothing chosen.</source>
        <translation>Nothing chosen.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>Read: %1</source>
        <translation>Read: %1</translation>
    </message>
    <message>
        <source>Connected. Scan a barcode (or hold one up to the camera).</source>
        <translation>Connected. Scan a barcode (or hold one up to the camera).</translation>
    </message>
    <message>
        <source>Listening: scan a barcode (or hold one up to the camera).</source>
        <translation>Listening: scan a barcode (or hold one up to the camera).</translation>
    </message>
    <message>
        <source>Card reader works: a card is on it.</source>
        <translation>Card reader works: a card is on it.</translation>
    </message>
    <message>
        <source>My Number card read. Certificate valid until %1.</source>
        <translation>My Number card read. Certificate valid until %1.</translation>
    </message>
    <message>
        <source>The printer is not ready: %1. Detail: %2</source>
        <translation>The printer is not ready: %1. Detail: %2</translation>
    </message>
    <message>
        <source>Test page sent. Check the printout.</source>
        <translation>Test page sent. Check the printout.</translation>
    </message>
    <message>
        <source>This kiosk runs on the embedded demo defaults: there is no branch config file to save to.</source>
        <translation>This kiosk runs on the embedded demo defaults: there is no branch config file to save to.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Restart the kiosk to use the new devices.</source>
        <translation>Saved to %1. Restart the kiosk to use the new devices.</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%n reserved item(s) are waiting for you on the hold shelf.</source>
        <translation>
            <numerusform>%n reserved item is waiting for you on the hold shelf.</numerusform>
            <numerusform>%n reserved items are waiting for you on the hold shelf.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You can borrow %n more item(s).</source>
        <translation>
            <numerusform>You can borrow %n more item.</numerusform>
            <numerusform>You can borrow %n more items.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>You have reached your borrowing limit.</translation>
    </message>
</context>
</TS>
